// Terminal tables that line Chinese text up: one width rule and one blank glyph for every command.
// Pure: colour is a parameter. Every cell and header is printed through safeText (safe-text.ts).
import type { CellValue } from "../../query/csv.ts";
import { safeText } from "./safe-text.ts";

export type { CellValue };

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}
const ansi = (code: number) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
export const COLOR: Style = { red: ansi(31), yellow: ansi(33), green: ansi(32), dim: ansi(2), bold: ansi(1) };
export const PLAIN: Style = { red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s, bold: (s) => s };

/** What a blank cell (printed blank, '/', '—' in the report; null in the dataset) looks like in a table. */
export const BLANK = "—";

/**
 * Terminal columns a string takes: East Asian wide and full-width characters take two, including
 * the supplementary ideographs (U+20000 and up) that rare place names use.
 */
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
  v === null || v === undefined ? BLANK : typeof v === "number" ? String(Math.round(v * 100) / 100) : safeText(v);

export interface TableOptions {
  /** @default PLAIN */
  style?: Style;
  /** Cells to highlight (red), by body row and column. */
  hot?: (row: number, col: number) => boolean;
  /** Right-aligned columns. @default columns whose every value is a number or blank */
  right?: (col: number) => boolean;
  /** A line of dashes under the header. @default true */
  rule?: boolean;
}

/** A plain aligned table ending in a newline; blanks shown as {@link BLANK}, the header in bold when styled. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly CellValue[])[],
  opts: TableOptions = {},
): string {
  const { style = PLAIN, hot = () => false, rule = true } = opts;
  headers = headers.map(safeText);
  const text = rows.map((r) => headers.map((_, i) => formatCell(r[i])));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === "number"),
  );
  const right = opts.right ?? ((i: number) => numeric[i] ?? false);
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...text.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: readonly string[], r: number) =>
    cells
      .map((c, i) => {
        const cell = pad(c, widths[i] ?? 0, right(i));
        return r >= 0 && hot(r, i) ? style.red(cell) : cell;
      })
      .join("  ")
      .trimEnd();
  const head = [style === PLAIN ? line(headers, -1) : style.bold(line(headers, -1))];
  if (rule) head.push(widths.map((w) => "-".repeat(w)).join("  "));
  return `${[...head, ...text.map(line)].join("\n")}\n`;
}
