// CSV that Excel and WPS open correctly (RFC 4180, UTF-8 with BOM). Pure; used by export and by the
// csv format of `gongkai compare` and `gongkai series`.

export type CellValue = string | number | null | undefined;

/** UTF-8 BOM: without it Excel and WPS on Chinese Windows read UTF-8 as GBK (docs/load.md, "Exports"). */
export const CSV_BOM = "\uFEFF";

/** A text cell a spreadsheet would run as a formula: it starts with = + - @, a tab or a CR. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Text that is only a number ("-3", "+1.5", "2e3") is a number to Excel too, not a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Text that Excel or WPS would run as a formula (an agency named `=HYPERLINK(…)`) gets a leading `'`,
 * as OWASP's "CSV Injection" advice has it for text cells. Numbers, and text that is only a number,
 * are left alone: a negative number stays a number.
 */
export function neutraliseFormula(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/**
 * RFC 4180: quote fields holding a comma, quote, CR or LF; null and undefined are empty, never 0.
 * Text that would start a formula is neutralised ({@link neutraliseFormula}) and quoted.
 */
export function renderCsvField(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  const text = String(v);
  const s = neutraliseFormula(text);
  return s !== text || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsvRow(values: readonly CellValue[]): string {
  return `${values.map(renderCsvField).join(",")}\r\n`;
}

export function renderCsv(headers: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  return CSV_BOM + renderCsvRow(headers) + rows.map(renderCsvRow).join("");
}
