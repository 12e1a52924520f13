// `gongkai export`: any table or view as CSV (UTF-8 with BOM, RFC 4180) or JSON, streamed row by row
// so that memory stays flat however large the dataset.
import { type Database, dialectOf } from "../db/index.ts";
import type { Writable } from "node:stream";
import { once } from "node:events";
import { LoadError } from "../load/errors.ts";
import { CSV_BOM, renderCsvRow } from "./csv.ts";

export type ExportFormat = "csv" | "json";

export interface ExportOptions {
  format: ExportFormat;
  /** A table or view. @default "report_wide" (one row per current report) */
  view?: string;
  /** CSV: start with the UTF-8 BOM (Excel, WPS). @default true */
  bom?: boolean;
}

/** Tables and views a user may export (everything but SQLite's and FTS5's internals). */
export function listExportable(db: Database): string[] {
  if (dialectOf(db) === "postgres")
    return db
      .prepare(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
      ORDER BY CASE WHEN table_type = 'VIEW' THEN 0 ELSE 1 END, table_name COLLATE "C"`)
      .pluck()
      .all() as string[];
  return db
    .prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'
    AND name NOT LIKE 'narratives_%' ORDER BY type DESC, name`)
    .pluck()
    .all() as string[];
}

async function write(out: Writable, s: string): Promise<void> {
  if (!out.write(s)) await once(out, "drain");
}

/** Writes the rows of one table or view; returns the number of rows. */
export async function writeExport(db: Database, out: Writable, opts: ExportOptions): Promise<number> {
  const { format, view = "report_wide", bom = true } = opts;
  const names = listExportable(db);
  if (!names.includes(view))
    throw new LoadError("BAD_OPTION", view, `no such table or view; choose one of: ${names.join(", ")}`);
  const stmt = db.prepare(`SELECT * FROM "${view}"`);
  const columns = stmt.columns().map((c) => c.name);
  let n = 0;
  if (format === "csv") {
    await write(out, (bom ? CSV_BOM : "") + renderCsvRow(columns));
    for (const row of stmt.raw().iterate() as IterableIterator<unknown[]>) {
      await write(out, renderCsvRow(row as (string | number | null)[]));
      n++;
    }
  } else {
    await write(out, "[");
    for (const row of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
      await write(out, `${n ? "," : ""}\n${JSON.stringify(row)}`);
      n++;
    }
    await write(out, n ? "\n]\n" : "]\n");
  }
  return n;
}
