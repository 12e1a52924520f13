// Glued page text (docs/spec/FORMATS.md §10.4): a crawler's text of the page, where the report is one long
// paragraph with its headings inline and the tables' cells concatenated with no separator
// (`(七)总计801000081`), spaces surviving only here and there. The reader finds the section
// headings, keeps the prose as prose, and inside sections 二–四 cuts the stream into row labels
// and digit runs; the assembler splits the runs under the identities (glued.ts).
import { REQUEST_ROWS, SECTIONS, type SectionId } from "./formats.ts";
import { normalizeText } from "./normalize.ts";
import { TABLE_ANCHORS } from "./_anchors.ts";
import type { Segment } from "./types.ts";

const TABLE_SECTIONS: ReadonlySet<SectionId> = new Set(["proactive", "requests", "appeals"]);

/** Discriminators long enough not to occur by chance, taken from the form's own rows. */
const ROW_LABELS = REQUEST_ROWS.flatMap((r) => r.match).filter((m) => m.length >= 3);
/**
 * A row label followed on the same line, within the label's own words, by three or more digits that
 * end the run: the table lost its cell structure. Prose (`其中予以公开27件`) has a measure word after
 * its number or a comma before it.
 */
const LABEL_THEN_DIGITS_RE = new RegExp(
  `(?:${ROW_LABELS.join("|")})[^\\n\\d,.;:，。；：]{0,30}?(?:\\d[ \\t\\u00A0\\u3000]*){3,}(?![\\d年月日号%条人次个家名篇期余多起场件项批份位])`,
  "g",
);
const MIN_GLUED_ROWS = 3;

/** Does the text hold the form's rows as `label digits` on one line (glued, or spaced page text)? */
export function isGluedText(text: string): boolean {
  const t = normalizeText(text);
  let n = 0;
  for (const _ of t.matchAll(LABEL_THEN_DIGITS_RE)) if (++n >= MIN_GLUED_ROWS) return true;
  return false;
}

interface Heading {
  id: SectionId;
  start: number;
  end: number;
}

/** Un-anchored forms of the heading matchers, run on the text with whitespace removed. */
const HEADING_RES = SECTIONS.map((s) => new RegExp(s.match.source.replace(/(^|\|)\^/g, "$1"), "g"));

/** Section headings in order (docs/spec/FORMATS.md §3), as offsets into `t`; absent sections are skipped. */
export function findHeadings(t: string): Heading[] {
  const at: number[] = [];
  let sq = "";
  for (const m of t.matchAll(/\S+/g)) {
    for (let i = 0; i < m[0].length; i++) at.push(m.index + i);
    sq += m[0];
  }
  const out: Heading[] = [];
  let from = 0;
  SECTIONS.forEach((sec, i) => {
    const re = HEADING_RES[i]!;
    re.lastIndex = from;
    const m = re.exec(sq);
    let start = m?.index ?? -1;
    let end = m ? m.index + m[0].length : -1;
    // A table section also starts at its table's header when the heading was misspelt or left out.
    const a = TABLE_SECTIONS.has(sec.id) ? anchorAfter(sq, sec.id, from) : -1;
    if (a >= 0 && (start < 0 || a < start)) {
      // The misspelt heading just before the header (`四、…行政复x议…情况`) goes with its section.
      const k = sq.slice(Math.max(from, a - 40), a).lastIndexOf(`${sec.numeral}、`);
      start = k >= 0 ? Math.max(from, a - 40) + k : a;
      end = a;
    }
    if (start < 0) return;
    from = end;
    if (end === start) out.push({ id: sec.id, start: at[start]!, end: at[start]! });
    else out.push({ id: sec.id, start: at[start]!, end: at[end - 1]! + 1 });
  });
  return out;
}

const ANCHOR_RES = new Map(TABLE_ANCHORS.map((a) => [a.id, new RegExp(a.re.source, "g")]));
function anchorAfter(sq: string, id: SectionId, from: number): number {
  const re = ANCHOR_RES.get(id);
  if (!re) return -1;
  re.lastIndex = from;
  return re.exec(sq)?.index ?? -1;
}

/**
 * A number in the table stream: an optional sign (`+`, `-`, `增`, `减`: the 2019 form's 本年增/减),
 * digits with an optional decimal part, and a money unit or a counter (`笔`; `件`, `项` only where
 * no sentence follows, see COUNTER_END_RE). The sign stays on the cell: a row whose signed cell is
 * not where the form allows one is flagged, never read without its sign.
 */
const NUMBER_RE = /(?:[+-]|增|减)?\d+(?:\.\d+)?(?:万元|亿元|元|笔|件|项)?/g;
/** A counter ends a cell only when a number, a space or the stream's end follows (`15件 3项`). */
const COUNTER_END_RE = /^(?:$|[\s\d+-]|增\d|减\d)/;
const SIGN_RE = /^(?:[+-]|增|减)/;
/** A year a paragraph opens with (`2025年`), stuck to the digits of the row before it. */
const YEAR_TAIL_RE = /(?:19|20)\d\d$/;
/** Measure words and marks that make a number part of a sentence (`2024年`, `397条`, `15.4%`). */
const PROSE_AFTER_RE = /^(?:[年月日号%条人次个家名篇期余多起场件项批份位岁倍种类]|万(?!元))/;
const PROSE_BEFORE_RE = /[第约近达超逾共]$/;
/** `N.` or `N、` before a word: a leaf label's numbering, never a value (`…00000002.重复申请`). */
const NUMBERING_AFTER_RE = /^[.、](?!\d)/;
/**
 * Where one label ends and the next begins inside a run of label text: before `一、`, `(一)` (not
 * `第(一)项`) and `1.`, and after a sentence's end (prose that sits inside a table section).
 */
const LABEL_CUT_RE =
  /(?<!第)(?=\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}、|\d[.、](?!\d))|(?<=[。;])/g;

function labelCells(text: string, base: number): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  const push = (from: number, to: number) => {
    const s = text.slice(from, to);
    const lead = s.length - s.trimStart().length;
    if (s.trim()) out.push({ text: s.trim(), cell: true, locator: `char ${base + from + lead}` });
  };
  for (const m of text.matchAll(LABEL_CUT_RE)) {
    if (m.index === 0 || m.index === last) continue;
    push(last, m.index);
    last = m.index;
  }
  push(last, text.length);
  return out;
}

/** Cut one table section's text (after its heading) into label and value cells. */
export function readTableStream(text: string, base = 0): Segment[] {
  const out: Segment[] = [];
  let label = "";
  let labelAt = 0;
  const flush = () => {
    if (label.trim()) for (const seg of labelCells(label, base + labelAt)) out.push(seg);
    label = "";
  };
  const addText = (s: string, at: number) => {
    if (!label) labelAt = at;
    label += s;
  };
  let pos = 0;
  for (const m of text.matchAll(NUMBER_RE)) {
    const i = m.index;
    let tok = m[0];
    // A counter followed by a sentence is prose (`办理15件政府信息…`): the number is read without it.
    if (/[件项]$/.test(tok) && !COUNTER_END_RE.test(text.slice(i + tok.length, i + tok.length + 2))) {
      tok = tok.slice(0, -1);
    }
    const end = i + tok.length;
    addText(text.slice(pos, i), pos);
    pos = end;
    const after = text.slice(end, end + 2);
    const plain = /^(?:[+-]|增|减)?\d+$/.test(tok);
    const before = text.slice(Math.max(0, i - 1), i);
    // The last row of a table running into a paragraph that opens with a year (`继续办理20000022025年，`):
    // the year is prose, the digits before it are the row's (its cell count and identities check them).
    if (after[0] === "年" && /^\d{5,}$/.test(tok) && YEAR_TAIL_RE.test(tok) && !PROSE_BEFORE_RE.test(before)) {
      const run = tok.slice(0, -4);
      flush();
      out.push({ text: run, cell: true, locator: `char ${base + i}`, ...(run.length > 1 ? { glued: true } : {}) });
      addText(tok.slice(-4), end - 4);
      continue;
    }
    if (PROSE_AFTER_RE.test(after) || PROSE_BEFORE_RE.test(before)) {
      addText(tok, i);
      continue;
    }
    let digits = tok;
    if (plain && NUMBERING_AFTER_RE.test(after)) {
      // The label's numbering digit stuck to the run: the run keeps the rest (docs/spec/FORMATS.md §10.4.2).
      digits = tok.slice(0, -1);
      if (!/\d/.test(digits)) {
        addText(tok, i);
        continue;
      }
      pos = end - 1;
    }
    flush();
    const seg: Segment = { text: digits, cell: true, locator: `char ${base + i}` };
    if (plain && digits.replace(SIGN_RE, "").length > 1) seg.glued = true;
    out.push(seg);
  }
  addText(text.slice(pos), pos);
  flush();
  return out;
}

/** Prose, one segment per line; a line may hold several headings (one long paragraph). */
function proseSegments(text: string, base: number): Segment[] {
  const out: Segment[] = [];
  let off = 0;
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (t) out.push({ text: t, cell: false, locator: `char ${base + off + line.indexOf(t[0]!)}` });
    off += line.length + 1;
  }
  return out;
}

/** Segments of glued page text: headings and prose as `cell: false`, table cells in reading order. */
export function readGluedText(text: string): Segment[] {
  const t = normalizeText(text);
  const heads = findHeadings(t);
  const out: Segment[] = [];
  out.push(...proseSegments(t.slice(0, heads[0]?.start ?? t.length), 0));
  heads.forEach((h, i) => {
    const end = heads[i + 1]?.start ?? t.length;
    if (!TABLE_SECTIONS.has(h.id)) {
      out.push(...proseSegments(t.slice(h.start, end), h.start));
      return;
    }
    out.push({ text: t.slice(h.start, h.end), cell: false, locator: `char ${h.start}` });
    out.push(...readTableStream(t.slice(h.end, end), h.end));
  });
  return out;
}
