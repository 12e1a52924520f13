// Split a report's segments into its six sections by heading text, in order (docs/spec/FORMATS.md §3):
// headings are found by their wording, never by numeral, because section 三's row labels
// (`四、结转下年度继续办理`) look like headings. A table section also starts where its table's own
// header starts, so a misspelt or missing heading loses nothing (_anchors.ts).
import { SECTIONS, type SectionId } from "./formats.ts";
import { squeeze } from "./normalize.ts";
import { ANCHOR_HINT_RE, anchorIn, TABLE_ANCHORS } from "./_anchors.ts";
import type { Segment } from "./types.ts";

export type Sectioned = Record<SectionId | "preamble", Segment[]>;

/** Index into SECTIONS of the heading this segment is, or -1. Long prose lines are not headings. */
const NUMERALS = "一二三四五六";
export function headingIndex(seg: Segment): number {
  // Every heading starts with its numeral; most segments are cells and fail this cheaply.
  const c0 = seg.text[0];
  const first = c0 === " " || c0 === "\t" || c0 === "\u3000" ? seg.text.trimStart()[0] : c0;
  if (first === undefined || !NUMERALS.includes(first)) return -1;
  // A heading may run into its first sentence in page text, so only its start is tested.
  const s = squeeze(seg.text.slice(0, 80)).slice(0, 40);
  return SECTIONS.findIndex((sec) => sec.match.test(s));
}

/** Segments joined to test a table anchor: a header is one cell per segment in most shapes. */
const ANCHOR_WINDOW = 6;

/** The section whose table header starts at segment `i`, as an index into SECTIONS, or -1. */
/** The last section a table anchor can start: past it, no cell needs looking at. */
const LAST_ANCHORED = Math.max(...TABLE_ANCHORS.map((a) => SECTIONS.findIndex((s) => s.id === a.id)));

/** `flat` caches each segment's squeezed text: a window of six is looked at from each of its cells. */
function anchorIndex(segments: readonly Segment[], i: number, flat: (string | undefined)[]): number {
  const seg = segments[i]!;
  if (!seg.cell || !ANCHOR_HINT_RE.test(seg.text)) return -1;
  const squeezed = (j: number) => (flat[j] ??= squeeze(segments[j]!.text));
  let window = "";
  for (let j = i; j < Math.min(segments.length, i + ANCHOR_WINDOW); j++) window += squeezed(j);
  const a = anchorIn(window);
  // The header must start in this segment, not in the next ones (they get their own turn).
  if (!a || a.index >= squeezed(i).length) return -1;
  return SECTIONS.findIndex((s) => s.id === a.id);
}

export function splitSections(segments: readonly Segment[]): Sectioned {
  const out: Sectioned = {
    preamble: [],
    overview: [],
    proactive: [],
    requests: [],
    appeals: [],
    problems: [],
    other: [],
  };
  let current: SectionId | "preamble" = "preamble";
  let order = -1;
  const flat: (string | undefined)[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const h = headingIndex(seg);
    if (h > order) {
      order = h;
      current = SECTIONS[h]!.id;
      // The heading stays with its section as prose: the narrative keeps it, tables skip it.
      out[current].push({ ...seg, cell: false });
      continue;
    }
    // A table whose heading was misspelt, renumbered or left out starts its section by its header.
    const a = order < LAST_ANCHORED ? anchorIndex(segments, i, flat) : -1;
    if (a > order) {
      order = a;
      current = SECTIONS[a]!.id;
    }
    out[current].push(seg);
  }
  return out;
}
