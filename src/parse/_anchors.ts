// Sections found by their tables (docs/parse.md, "Sections"): a heading may be misspelt (`行政复
// 议` with a stray character), renumbered, worded differently or missing, yet the table after it
// prints the form's own header. These anchors are the headers that only that section's table has;
// each needs several of its words together, so prose that mentions one of them does not match.
import type { SectionId } from "./formats.ts";

export interface TableAnchor {
  id: SectionId;
  /** The form's header words, matched on text with all whitespace removed (after NFKC). */
  re: RegExp;
}

export const TABLE_ANCHORS: readonly TableAnchor[] = [
  // Section 二: the first caption and its header row.
  { id: "proactive", re: /第二十条第\(?一\)?项(?:[^。]{0,4})信息内容/ },
  // Section 三: the header's note or its applicant matrix.
  { id: "requests", re: /本列数据的勾稽关系|申请人情况(?:[^。]{0,6})自然人/ },
  // Section 四: both group headers, then an outcome header.
  { id: "appeals", re: /行政复议(?:[^。]{0,8})行政诉讼(?:[^。]{0,12})(?:结果维持|结果|维持|尚未审结)/ },
];

/** Cheap pre-test on raw text: every anchor contains one of these. */
export const ANCHOR_HINT_RE = /第二十条|勾稽|申请人情况|行政复议/;

/** The section whose table header starts in `flat` (whitespace-free text), or null. */
export function anchorIn(flat: string): { id: SectionId; index: number } | null {
  let best: { id: SectionId; index: number } | null = null;
  for (const a of TABLE_ANCHORS) {
    const m = a.re.exec(flat);
    if (m && (!best || m.index < best.index)) best = { id: a.id, index: m.index };
  }
  return best;
}
