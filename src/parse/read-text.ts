// Readers for plain-text shapes (docs/spec/FORMATS.md §10.1, §10.5): ` |`-flattened cells (`bar-text`) and one
// cell per line without bars (`cell-lines`). Both become segments for the shape-independent
// assembler. Glued page text has its own reader.
import { normalizeText } from "./normalize.ts";
import type { Segment } from "./types.ts";

/** Padding on a line of its own (`|||`): bars standing for missing columns, never a cell. */
const PADDING_RE = /^\|+$/;

/** Lines of page chrome that are never part of a report. */
const CHROME_RE = /^(?:回到顶部|返回顶部|打印本页|关闭窗口|【打印】|【关闭】|分享到[:：]?.*|字号[:：]?.*)$/;

export function isBarText(text: string): boolean {
  let bars = 0;
  // Walk line ends without splitting the whole text: most reports decide within a few hundred lines.
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const t = text.slice(start, end).trimEnd();
    start = end + 1;
    // Test the cheap ending first: prose lines run to thousands of characters.
    if (t.endsWith("|") && (/\s\|[|\s]*$/.test(t) || PADDING_RE.test(t.trim())) && ++bars >= 20) return true;
  }
  return false;
}

/** `normalized`: the caller already ran normalizeText over the whole text. */
export function readBarText(text: string, opts: { normalized?: boolean } = {}): Segment[] {
  const out: Segment[] = [];
  // A plain split: `trim` below removes the \r of CRLF text.
  const lines = (opts.normalized ? text : normalizeText(text)).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (t === "") continue;
    if (!t.endsWith("|")) {
      if (!CHROME_RE.test(t)) out.push({ text: t, cell: false, locator: `line ${i + 1}` });
      continue;
    }
    // ` |` is an empty cell; bars alone (`|||`) are padding for missing columns.
    if (t === "|" && line !== t) {
      out.push({ text: "", cell: true, locator: `line ${i + 1}` });
      continue;
    }
    if (PADDING_RE.test(t)) continue;
    // A cell line is its text, then bars and spaces (`70 | ||`).
    let end = t.length;
    while (end > 0 && (t[end - 1] === "|" || t[end - 1] === " " || t[end - 1] === "\t")) end--;
    out.push({ text: t.slice(0, end).trimEnd(), cell: true, locator: `line ${i + 1}` });
  }
  return out;
}

/**
 * One cell per line, no bars: every non-empty line is a candidate cell; the assembler tells
 * headings and prose from cells by the section headings and the form's labels.
 */
export function readCellLines(text: string, opts: { normalized?: boolean } = {}): Segment[] {
  const out: Segment[] = [];
  (opts.normalized ? text : normalizeText(text)).split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === "" || CHROME_RE.test(t)) return;
    out.push({ text: t, cell: true, locator: `line ${i + 1}` });
  });
  return out;
}
