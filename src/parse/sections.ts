// Split a report's segments into its six sections by heading text, in order (FORMATS.md §3):
// headings are found by their wording, never by numeral, because section 三's row labels
// (`四、结转下年度继续办理`) look like headings.
import { SECTIONS, type SectionId } from "./formats.ts";
import { squeeze } from "./normalize.ts";
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
  for (const seg of segments) {
    const h = headingIndex(seg);
    if (h > order) {
      order = h;
      current = SECTIONS[h]!.id;
      // The heading stays with its section as prose: the narrative keeps it, tables skip it.
      out[current].push({ ...seg, cell: false });
      continue;
    }
    out[current].push(seg);
  }
  return out;
}
