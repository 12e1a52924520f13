// Rendering query results: terminal tables that line up Chinese text, and CSV that Excel and WPS
// open correctly. Pure.

export type CellValue = string | number | null | undefined;

/** UTF-8 BOM: without it Excel and WPS on Chinese Windows read UTF-8 as GBK (LOAD.md §7). */
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

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

const formatCell = (v: CellValue): string =>
  v === null || v === undefined ? "—" : typeof v === "number" ? String(Math.round(v * 100) / 100) : v;

/** A plain aligned table; numeric columns are right-aligned, blanks shown as —. */
export function renderTable(headers: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  const text = rows.map((r) => r.map(formatCell));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === "number"),
  );
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...text.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0, numeric[i] ?? false))
      .join("  ")
      .trimEnd();
  return `${[line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...text.map(line)].join("\n")}\n`;
}
