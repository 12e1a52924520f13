// Prepared statements and lookup caches, one set per open database (never module-global state
// shared between databases). Internal to the load stage.
import { type Database, dialectOf, type Statement } from "../db/index.ts";
import { type RegionIndex, type RegionMatch, type RegionRow, parseRegionText, planRegionIndex } from "./regions.ts";

export interface LoadContext {
  db: Database;
  regions: RegionIndex;
  /** Region text → match; a batch repeats the same few region names. */
  resolved: Map<string, RegionMatch>;
  s: Record<keyof typeof SQL, Statement>;
  /** Multi-row INSERTs by table and row count, prepared on first use. */
  multi: Map<string, Statement>;
  /**
   * Fact key → `fact_keys.id`, of committed keys only: a key inserted inside a transaction may be
   * rolled back with it (and its id reused), so it is looked up in SQL until a later call sees it
   * committed (refreshKeyIds, called outside any transaction).
   */
  keyIds: Map<string, number>;
  /** The highest id in keyIds. */
  maxKeyId: number;
  /** A PostgreSQL dataset: multi-row INSERTs take all of a report's rows at once. */
  postgres: boolean;
  /** Statements on fact_keys, prepared on first use (a read-only file may predate the table). */
  keys: { id: Statement; insert: Statement; after: Statement } | null;
}

const SQL = {
  documentId: "SELECT id FROM documents WHERE sha256 = ?",
  insertDocument: `INSERT INTO documents (sha256, url, path, fetched_at, media_type, size, archive_path, site_id, first_loaded_at)
    VALUES (@sha256, @url, @path, @fetched_at, @media_type, @size, @archive_path, @site_id, @now)`,
  // Fill provenance that an earlier load did not know (a local file later seen by the crawler); never overwrite.
  fillDocument: `UPDATE documents SET url = coalesce(url, @url), path = coalesce(path, @path), fetched_at = coalesce(fetched_at, @fetched_at),
      media_type = coalesce(media_type, @media_type), size = coalesce(size, @size), archive_path = coalesce(archive_path, @archive_path),
      site_id = coalesce(site_id, @site_id)
    WHERE id = @id AND ((url IS NULL AND CAST(@url AS TEXT) IS NOT NULL) OR (path IS NULL AND CAST(@path AS TEXT) IS NOT NULL)
      OR (fetched_at IS NULL AND CAST(@fetched_at AS TEXT) IS NOT NULL) OR (media_type IS NULL AND CAST(@media_type AS TEXT) IS NOT NULL)
      OR (size IS NULL AND CAST(@size AS BIGINT) IS NOT NULL) OR (archive_path IS NULL AND CAST(@archive_path AS TEXT) IS NOT NULL)
      OR (site_id IS NULL AND CAST(@site_id AS TEXT) IS NOT NULL))`,
  agencyId: "SELECT id FROM agencies WHERE name = ? AND region_key = ?",
  insertAgency: "INSERT INTO agencies (name, region_key, region_code) VALUES (?, ?, ?)",
  // This document, read by this parser version, is already a document of a version of this report:
  // of the current one, or of an older version read by the same parser (a primary's own version).
  // Any report: the same bytes are one document of one report, wherever they were fetched (docs/load.md).
  sameExtraction: `SELECT r.id, r.version, r.report_key FROM report_documents rd JOIN reports r ON r.id = rd.report_id
    WHERE rd.document_id = ? AND rd.parser_version = ? AND (r.current = 1 OR r.parser_version = rd.parser_version)
    ORDER BY r.current DESC, r.version DESC LIMIT 1`,
  currentReport: "SELECT id, version, document_id FROM reports WHERE report_key = ? AND current = 1",
  versionId: "SELECT id FROM reports WHERE report_key = ? AND version = ?",
  retire: "UPDATE reports SET current = 0 WHERE id = ?",
  insertReport: `INSERT INTO reports (report_key, version, current, reason, document_id, agency_id, agency, region_text, region_code, year,
      template, title, published, shape, parser_version, status, load_run_id, loaded_at)
    VALUES (@report_key, @version, 1, @reason, @document_id, @agency_id, @agency, @region_text, @region_code, @year,
      @template, @title, @published, @shape, @parser_version, @status, @load_run_id, @loaded_at)`,
  factsOf: "SELECT key, value, raw, flagged FROM facts WHERE report_id = ?",
  narrativesOf: "SELECT section, body FROM narratives WHERE report_id = ?",
  upsertReportDocument: `INSERT INTO report_documents (report_id, document_id, rendition, is_primary, unread, flags, rehosted, status,
      parser_version, load_run_id, loaded_at)
    VALUES (@report_id, @document_id, @rendition, @is_primary, @unread, @flags, @rehosted, @status, @parser_version, @load_run_id, @loaded_at)
    ON CONFLICT (report_id, document_id) DO UPDATE SET rendition = excluded.rendition, is_primary = excluded.is_primary,
      unread = excluded.unread, flags = excluded.flags, rehosted = excluded.rehosted, status = excluded.status, parser_version = excluded.parser_version,
      load_run_id = excluded.load_run_id, loaded_at = excluded.loaded_at`,
  primaryReading: `SELECT rd.rendition, rd.unread, rd.flags, rd.status, rd.rehosted, d.sha256
    FROM report_documents rd JOIN documents d ON d.id = rd.document_id WHERE rd.report_id = ? AND rd.is_primary = 1`,
  demotePrimary: "UPDATE report_documents SET is_primary = 0 WHERE report_id = ? AND is_primary = 1",
  // A promoted rendition becomes the version's source of facts (renditions.ts): its cells replace the primary's.
  promoteReport: "UPDATE reports SET document_id = ?, shape = ?, status = ?, parser_version = ? WHERE id = ?",
  dropCells: "DELETE FROM fact_cells WHERE report_id = ?",
  dropChecks: "DELETE FROM checks WHERE report_id = ?",
  dropFlags: "DELETE FROM flags WHERE report_id = ?",
  dropChanges: "DELETE FROM changes WHERE report_id = ?",
  insertChange: `INSERT INTO changes (report_id, previous_report_id, key, kind, old_value, new_value, old_raw, new_raw)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  errorSeen: "SELECT 1 FROM load_errors WHERE document_id = ? AND parser_version = ?",
  insertError:
    "INSERT INTO load_errors (document_id, parser_version, code, message, load_run_id, loaded_at) VALUES (?, ?, ?, ?, ?, ?)",
} as const;

/** Tables written many rows per report, with their columns in bind order. */
const MULTI_ROW = {
  fact_cells: ["report_id", "key_id", "value", "raw", "confidence", "method", "locator", "unit", "flagged"],
  checks: ["report_id", "seq", "check_id", "ok", "hard", "expected", "actual", "keys", "blank"],
  flags: ["report_id", "seq", "key", "code", "message"],
  narratives: ["report_id", "section", "body"],
} as const;
export type MultiRowTable = keyof typeof MULTI_ROW;

// One statement call per row costs about as much as SQLite's own work for a fact row (binding,
// the result object); one call per 64 rows saves most of it. Power-of-two chunks keep the
// statements per table at 7 whatever the row count.
const CHUNKS = [64, 32, 16, 8, 4, 2, 1] as const;
const PG_MAX_PARAMS = 65_535;

function multiStatement(ctx: LoadContext, table: MultiRowTable, rows: number): Statement {
  const id = `${table}:${rows}`;
  let stmt = ctx.multi.get(id);
  if (!stmt) {
    const cols = MULTI_ROW[table];
    const tuple = `(${cols.map(() => "?").join(", ")})`;
    stmt = ctx.db.prepare(`INSERT INTO ${table} (${cols.join(", ")}) VALUES ${Array(rows).fill(tuple).join(", ")}`);
    ctx.multi.set(id, stmt);
  }
  return stmt;
}

/** Inserts rows given flat, column after column as in MULTI_ROW, a row after another. */
export function insertRows(ctx: LoadContext, table: MultiRowTable, values: unknown[]): void {
  const width = MULTI_ROW[table].length;
  let left = values.length / width;
  let at = 0;
  if (ctx.postgres) {
    // A PostgreSQL statement costs a round trip, not a bind: all of a report's rows in one statement
    // (statements are prepared per row count; PostgreSQL takes up to 65,535 parameters).
    const most = Math.floor(PG_MAX_PARAMS / width);
    while (left > 0) {
      const n = Math.min(left, most);
      multiStatement(ctx, table, n).run(values.slice(at, at + n * width));
      at += n * width;
      left -= n;
    }
    return;
  }
  for (const n of CHUNKS) {
    while (left >= n) {
      const end = at + n * width;
      multiStatement(ctx, table, n).run(at === 0 && end === values.length ? values : values.slice(at, end));
      at = end;
      left -= n;
    }
  }
}

const contexts = new WeakMap<Database, LoadContext>();

export function contextOf(db: Database): LoadContext {
  let ctx = contexts.get(db);
  if (!ctx) {
    const rows = db
      .prepare("SELECT code, name, level, parent_code, province, city, county FROM regions")
      .all() as RegionRow[];
    const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as LoadContext["s"];
    // Id lookups return the bare id (set once here: pluck() changes the statement for every caller).
    s.documentId.pluck();
    s.agencyId.pluck();
    s.versionId.pluck();
    ctx = {
      db,
      regions: planRegionIndex(rows),
      resolved: new Map(),
      s,
      multi: new Map(),
      keyIds: new Map(),
      maxKeyId: 0,
      postgres: dialectOf(db) === "postgres",
      keys: null,
    };
    contexts.set(db, ctx);
  }
  if (!db.readonly) refreshKeyIds(ctx);
  return ctx;
}

function keyStatements(ctx: LoadContext): NonNullable<LoadContext["keys"]> {
  return (ctx.keys ??= {
    id: ctx.db.prepare("SELECT id FROM fact_keys WHERE key = ?").pluck(),
    insert: ctx.db.prepare("INSERT INTO fact_keys (key) VALUES (?)"),
    after: ctx.db.prepare("SELECT id, key FROM fact_keys WHERE id > ? ORDER BY id"),
  });
}

/** Caches the ids of keys committed since the last call; does nothing inside a transaction (they may yet roll back). */
export function refreshKeyIds(ctx: LoadContext): void {
  if (ctx.db.inTransaction) return;
  for (const { id, key } of keyStatements(ctx).after.all(ctx.maxKeyId) as { id: number; key: string }[]) {
    ctx.keyIds.set(key, id);
    ctx.maxKeyId = id;
  }
}

/** The `fact_keys.id` of a key, inserting a key seen for the first time (`requests.extra_<slug>.*`). */
export function keyIdOf(ctx: LoadContext, key: string): number {
  const id = ctx.keyIds.get(key);
  if (id !== undefined) return id;
  const k = keyStatements(ctx);
  return (k.id.get(key) as number | undefined) ?? Number(k.insert.run(key).lastInsertRowid);
}

export function resolveRegion(ctx: LoadContext, text: string | null): RegionMatch {
  const k = text ?? "";
  let m = ctx.resolved.get(k);
  if (!m) {
    m = parseRegionText(text, ctx.regions);
    ctx.resolved.set(k, m);
  }
  return m;
}
