// Garbled PDF text (docs/parse.md): fonts without a usable ToUnicode map give U+FFFD, private-use code
// points, control characters or `(cid:N)`; fonts with a wrong map give real but meaningless
// characters. Either way the numbers cannot be tied to labels, so the report yields none.
import { APPEAL_OUTCOMES, APPLICANT_LABELS, PROACTIVE_ITEMS, REQUEST_ROWS } from "./formats.ts";
import { squeeze } from "./normalize.ts";
import type { Flag } from "./types.ts";

const BAD_CHAR_RE = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const BAD_TOKEN_RE = /\(cid:\d+\)|GLYPH</g;
/** Share of bad characters above which a page's text is not trusted. */
const BAD_SHARE = 0.01;
/** Share of the form's labels that must be found when the text has a table's worth of digits. */
const MIN_RECALL = 0.25;
const MIN_DIGITS = 30;

/** The form's row and column labels (~50): their recall is the signal that the text layer reads. */
const FORM_LABELS: readonly string[] = [
  ...REQUEST_ROWS.flatMap((r) => (r.match[0] ? [r.match[0]] : [])),
  ...Object.values(APPLICANT_LABELS).map((l) => l.zh),
  ...PROACTIVE_ITEMS.map((p) => p.zh),
  ...APPEAL_OUTCOMES.map((o) => o.zh),
  "行政复议",
  "行政诉讼",
  "申请人情况",
  "信息内容",
];

export function labelRecall(text: string): number {
  const s = squeeze(text);
  return FORM_LABELS.filter((l) => s.includes(squeeze(l))).length / FORM_LABELS.length;
}

/** GARBLED_TEXT flags for a document's pages (empty when the text layer reads). */
export function detectGarble(pages: readonly { number: number; text: string }[]): Flag[] {
  const flags: Flag[] = [];
  for (const p of pages) {
    const chars = p.text.replace(/\s+/g, "").length;
    const bad = (p.text.match(BAD_CHAR_RE)?.length ?? 0) + 5 * (p.text.match(BAD_TOKEN_RE)?.length ?? 0);
    if (chars > 0 && bad >= 3 && bad / chars > BAD_SHARE) {
      flags.push({
        key: null,
        code: "GARBLED_TEXT",
        message: `page ${p.number}: ${bad} of ${chars} characters are unmapped glyphs (U+FFFD, private use, controls, cid)`,
      });
    }
  }
  if (flags.length) return flags;
  const all = pages.map((p) => p.text).join("\n");
  const digits = all.match(/\d/g)?.length ?? 0;
  const recall = labelRecall(all);
  // Meaningful characters but not the form's labels: a wrong ToUnicode map. Only when the text says
  // it is a disclosure report, so that an unrelated PDF is still NOT_A_REPORT.
  if (digits >= MIN_DIGITS && recall < MIN_RECALL && squeeze(all).includes("信息公开")) {
    flags.push({
      key: null,
      code: "GARBLED_TEXT",
      message: `only ${Math.round(recall * 100)}% of the form's labels were found in text with ${digits} digits`,
    });
  }
  return flags;
}
