// Row labels of OCR'd tables repaired against the form's own words, the way a reader would: `(一)矛以
// 公开` is 予以公开 with one character misread, `(七总计` is (七)总计 with a bracket lost. Only a label
// in a row that holds numbers, only when exactly one of the form's phrases is one character away, and
// never a number: the row's numbers are still placed, and checked, by the identities. Pure.
import { PROACTIVE_ITEMS, REQUEST_GROUP_LABELS, REQUEST_ROWS } from "../../formats.ts";
import { normalizeLabel } from "../../normalize.ts";

/** The form's phrases long enough that one character in them does not make another (`其他` and `其它` are too short). */
const PHRASES: readonly string[] = [
  ...new Set(
    [
      ...REQUEST_ROWS.flatMap((r) => r.match),
      ...REQUEST_GROUP_LABELS.map((g) => g.match),
      ...PROACTIVE_ITEMS.flatMap((p) => p.match),
    ].filter((m) => m.length >= 4),
  ),
];

/** The form's printed labels: a stretch of text found in one of them is no misreading (`不再处理` is not 不予处理). */
const LABELS: readonly string[] = REQUEST_ROWS.map((r) => r.zh);
/**
 * Only short labels are repaired: a longer one with a character wrong is still matched by the
 * section reader (src/parse/requests.ts, one edit from the official label), and a phrase inside a
 * long label is more likely another word.
 */
const SLACK = 2;

/** Every phrase the form's rows are matched by, short ones too (`规章`): a label holding one is read well enough. */
const ALL_PHRASES: readonly string[] = [
  ...REQUEST_ROWS.flatMap((r) => [...r.match, ...(r.exact !== undefined ? [r.exact] : [])]),
  ...REQUEST_GROUP_LABELS.map((g) => g.match),
  ...PROACTIVE_ITEMS.flatMap((p) => p.match),
];

/** Does the label already name one of the form's rows? */
export function namesFormRow(text: string): boolean {
  return ALL_PHRASES.some((p) => text.includes(p));
}

/** `(七总计`: a numbering bracket opened and not closed before the label's words. */
const OPEN_NUMBERING = /^([(（][一二三四五六七八九十]{1,2})(?=[^)）一二三四五六七八九十\d])/;

/** Positions where `phrase` fits `text` with exactly one character different. */
function oneOff(text: string, phrase: string): number[] {
  const at: number[] = [];
  for (let i = 0; i + phrase.length <= text.length; i++) {
    let diff = 0;
    for (let j = 0; j < phrase.length && diff < 2; j++) if (text[i + j] !== phrase[j]) diff++;
    if (diff === 1) at.push(i);
  }
  return at;
}

/** The label as the form prints it, or the label unchanged. */
export function repairLabel(text: string): string {
  let t = text.replace(OPEN_NUMBERING, "$1)");
  if (PHRASES.some((p) => t.includes(p))) return t;
  const words = normalizeLabel(t);
  const fits = PHRASES.flatMap((p) =>
    words.length > p.length + SLACK
      ? []
      : oneOff(t, p)
          .filter((i) => !LABELS.some((l) => l.includes(t.slice(i, i + p.length))))
          .map((i) => ({ p, i })),
  );
  if (fits.length === 1) {
    const { p, i } = fits[0]!;
    t = t.slice(0, i) + p + t.slice(i + p.length);
  }
  return t;
}
