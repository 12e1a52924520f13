// Opening a dataset file: pragmas, migrations, views. The only place that decides durability.
import { existsSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { type Database, dialectOf, isPostgresUrl, sqliteOf } from "../db/index.ts";
import { DEFAULT_DB } from "../paths.ts";
import { LoadError } from "./errors.ts";
import { planMetricRelations, planMetrics } from "./metrics.ts";
import { MIGRATIONS, SCHEMA_VERSION, syncFactKeys, syncMetrics } from "./migrations/index.ts";
import { migratePostgres, openPostgres } from "./postgres.ts";
import { planViews } from "./views.ts";

export type { Database } from "../db/index.ts";

// better-sqlite3 reads SQLITE_USE_URI once, when its addon loads at the first `new Database` (after
// every import has run): URI file names let openReadonly fall back to `file:…?immutable=1`. Only
// names that start with "file:" change meaning.
process.env.SQLITE_USE_URI ??= "1";

/** Where `gongkai load` writes unless `--db` says otherwise. */
export const DEFAULT_DB_PATH = DEFAULT_DB;

export interface OpenOptions {
  /** `synchronous = FULL`: survive power loss, not only a killed process. @default false */
  durable?: boolean;
  /** Open without migrating or writing (export, compare, series); works on a file or folder nobody may write. @default false */
  readonly?: boolean;
  /** With readonly: run SQLite's quick_check first and refuse a damaged file (export reads every row). @default false */
  verify?: boolean;
  /** ms to wait for another writer before SQLITE_BUSY. @default 5000 */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a gongkai dataset and brings its schema up to date.
 * @example
 * const db = openDatabase("data/gongkai.db");
 * const outcome = loadParsed(db, { sha256, path: "report.pdf" }, await parseDocument({ bytes, path }));
 */
export function openDatabase(path: string = DEFAULT_DB_PATH, opts: OpenOptions = {}): Database {
  if (isPostgresUrl(path)) return openPostgres(path, opts.readonly ?? false, refreshDerived);
  const { durable = false, readonly = false, busyTimeoutMs = 5000 } = opts;
  const memory = path === ":memory:" || path === "";
  if (readonly && !memory) return openReadonly(path, busyTimeoutMs, opts.verify ?? false);
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma("foreign_keys = ON");
  db.pragma("cache_size = -65536"); // 64 MiB
  // WAL: readers never block the loader, and a killed process loses at most the open transaction.
  if (!memory) db.pragma("journal_mode = WAL");
  // Checkpoint every 64 MiB of WAL instead of SQLite's 4 MiB: a bulk load syncs and copies pages
  // back 16× less often (about 10% of its wall time); checkpointDatabase truncates after a run.
  db.pragma("wal_autocheckpoint = 16384");
  db.pragma(`synchronous = ${durable ? "FULL" : "NORMAL"}`);
  // Temporary files in memory: the journal of each report's savepoint (loadBatch) stays off disk.
  db.pragma("temp_store = MEMORY");
  migrateSqlite(db, path);
  return db as unknown as Database;
}

/**
 * A dataset opened for reading only. A WAL database needs its `-shm` file, which a reader creates
 * when it is missing: in a folder the reader may not write (an archived or shared copy) that fails
 * with "attempt to write a readonly database". Then the file is opened `immutable=1`: no `-shm`, no
 * locks. Immutable is right only when nobody writes meanwhile, so it is the fallback, never the first
 * choice. A file that is not a database, is damaged (with `verify`) or comes from a newer gongkai is
 * refused with a LoadError naming it.
 */
function openReadonly(path: string, busyTimeoutMs: number, verify: boolean): Database {
  if (!existsSync(path))
    throw new LoadError("NOT_FOUND", path, "no such dataset; run `gongkai load` or `gongkai run` first");
  let db: BetterSqlite3.Database;
  let version: number;
  try {
    [db, version] = openAndReadVersion(path, path, busyTimeoutMs);
  } catch (err) {
    if (!(err instanceof BetterSqlite3.SqliteError && /^SQLITE_(READONLY|CANTOPEN)/.test(err.code))) throw err;
    const uri = `file:${encodeURI(resolve(path)).replace(/[?#]/g, encodeURIComponent)}?immutable=1`;
    [db, version] = openAndReadVersion(uri, path, busyTimeoutMs);
  }
  try {
    if (version === 0)
      throw new LoadError("NOT_FOUND", path, "not a gongkai dataset (empty schema); run `gongkai load` first");
    if (version > SCHEMA_VERSION)
      throw new LoadError(
        "SCHEMA_TOO_NEW",
        path,
        `schema version ${version} is newer than this gongkai (${SCHEMA_VERSION}); upgrade gongkai`,
      );
    db.pragma("foreign_keys = ON");
    db.pragma("cache_size = -65536"); // 64 MiB
    if (verify) {
      const problems = db.pragma("quick_check(3)", { simple: false }) as { quick_check: string }[];
      const bad = problems.map((p) => p.quick_check).filter((m) => m !== "ok");
      if (bad.length) throw new LoadError("CORRUPT", path, `damaged database (SQLite quick_check: ${bad.join("; ")})`);
    }
    return db as unknown as Database;
  } catch (err) {
    db.close();
    throw corruptOr(err, path);
  }
}

/** Opens read-only and reads user_version: the first read, where a WAL file without its -shm fails. */
function openAndReadVersion(name: string, path: string, busyTimeoutMs: number): [BetterSqlite3.Database, number] {
  const db = new BetterSqlite3(name, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    return [db, db.pragma("user_version", { simple: true }) as number];
  } catch (err) {
    db.close();
    throw corruptOr(err, path);
  }
}

/** SQLite's "file is not a database" and "malformed" errors, as CORRUPT naming the file. */
function corruptOr(err: unknown, path: string): unknown {
  if (err instanceof BetterSqlite3.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(err.code))
    return new LoadError("CORRUPT", path, `not a readable SQLite database (${err.message})`, { cause: err });
  return err;
}

/** Runs pending migrations, each in its own transaction, then refreshes the views if they changed. */
export function migrateDatabase(db: Database, source = "database"): void {
  const sqlite = sqliteOf(db);
  if (sqlite) migrateSqlite(sqlite, source);
  else migratePostgres(db, refreshDerived);
}

function migrateSqlite(db: BetterSqlite3.Database, source: string): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new LoadError(
      "SCHEMA_TOO_NEW",
      source,
      `schema version ${current} is newer than this gongkai (${SCHEMA_VERSION}); upgrade gongkai`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db as unknown as Database);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  refreshDerived(db as unknown as Database);
}

/** The metric dictionary and views follow formats.ts; rewritten only when their text changed. */
function refreshDerived(db: Database): void {
  const metrics = planMetrics();
  const views = planViews(metrics, dialectOf(db));
  const hash = createHash("sha256")
    .update(JSON.stringify({ metrics, relations: planMetricRelations(), views }))
    .digest("hex");
  const seen = db.prepare("SELECT value FROM schema_meta WHERE key = 'derived_sha256'").pluck().get() as
    | string
    | undefined;
  if (seen === hash) return;
  db.transaction(() => {
    syncMetrics(db);
    syncFactKeys(db);
    for (const v of [...views].reverse()) db.exec(`DROP VIEW IF EXISTS ${v.name}`);
    for (const v of views) db.exec(`CREATE VIEW ${v.name} AS\n${v.sql}`);
    db.prepare(
      "INSERT INTO schema_meta (key, value) VALUES ('derived_sha256', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(hash);
  }).immediate();
}

/** Folds the WAL back into the main file; call after a run (docs/load.md, "Batches"). */
export function checkpointDatabase(db: Database): void {
  const sqlite = sqliteOf(db);
  if (!sqlite || sqlite.memory || sqlite.readonly) return;
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
}
