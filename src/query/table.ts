// One shape for everything a reader can download: a titled table whose columns carry a Chinese
// label, a key, a kind and a unit. The web pages, CSV, NDJSON, JSON and XLSX are all rendered
// from it, so a page and its download always hold the same numbers. Pure.
import { CSV_BOM, renderCsvRow } from "./csv.ts";

export type ColumnKind = "text" | "count" | "signed" | "money" | "rate" | "year" | "id";
export type Cell = string | number | null;

export interface Column {
  key: string;
  zh: string;
  kind: ColumnKind;
  unit?: string;
  /** What the column means, for the 说明 sheet and datapackage.json. */
  note?: string;
}

export interface DataTable {
  /** Sheet and file name: ASCII, no spaces. */
  name: string;
  /** Chinese title: the sheet's first line. */
  title: string;
  columns: Column[];
  rows: Cell[][];
}

export interface CsvOptions {
  /** `zh`: the Chinese label (with unit) as header; `key`: the ASCII key. @default "zh" */
  labels?: "zh" | "key";
  /** Start with a UTF-8 BOM (Excel and WPS need it). @default true */
  bom?: boolean;
}

export const renderHeader = (c: Column, labels: "zh" | "key" = "zh"): string =>
  labels === "key" ? c.key : c.unit && !c.zh.includes(c.unit) ? `${c.zh}(${c.unit})` : c.zh;

/** Counts are whole numbers whatever SQLite stored (REAL 23.0 → 23); amounts and rates keep decimals. */
export function normalizeCell(c: Column, v: Cell): Cell {
  if (typeof v !== "number") return v;
  if (c.kind === "count" || c.kind === "signed" || c.kind === "year" || c.kind === "id")
    return Number.isInteger(v) ? v : Math.round(v);
  if (c.kind === "rate") return Math.round(v * 10000) / 10000;
  return v;
}

export function renderTableCsv(t: DataTable, opts: CsvOptions = {}): string {
  const { labels = "zh", bom = true } = opts;
  const head = renderCsvRow(t.columns.map((c) => renderHeader(c, labels)));
  const body = t.rows.map((r) => renderCsvRow(r.map((v, i) => normalizeCell(t.columns[i] as Column, v))));
  return (bom ? CSV_BOM : "") + head + body.join("");
}

/** Objects keyed by column key (JSON for scripts: keys, never labels). */
export function renderTableObjects(t: DataTable): Record<string, Cell>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.key, normalizeCell(c, r[i] ?? null)])));
}

export function renderTableNdjson(t: DataTable): string {
  return renderTableObjects(t)
    .map((o) => `${JSON.stringify(o)}\n`)
    .join("");
}

export function renderTableJson(t: DataTable): string {
  return `${JSON.stringify(
    {
      title: t.title,
      columns: t.columns.map(({ key, zh, kind, unit }) => ({ key, zh, kind, ...(unit ? { unit } : {}) })),
      rows: renderTableObjects(t),
    },
    null,
    1,
  )}\n`;
}
