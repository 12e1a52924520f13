// CSV that Excel and WPS open correctly (RFC 4180, UTF-8 with BOM). Pure; used by export and by the
// csv format of `gongkai compare` and `gongkai series`.

export type CellValue = string | number | null | undefined;

/** UTF-8 BOM: without it Excel and WPS on Chinese Windows read UTF-8 as GBK (docs/load.md, "Exports"). */
export const CSV_BOM = "\uFEFF";

/** RFC 4180: quote fields holding a comma, quote, CR or LF; null and undefined are empty, never 0. */
export function renderCsvField(v: CellValue): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsvRow(values: readonly CellValue[]): string {
  return `${values.map(renderCsvField).join(",")}\r\n`;
}

export function renderCsv(headers: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  return CSV_BOM + renderCsvRow(headers) + rows.map(renderCsvRow).join("");
}
