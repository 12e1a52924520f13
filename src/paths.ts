// Where gongkai keeps its files unless told otherwise: one place for the defaults every command uses.
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DEFAULT_PG_SCHEMA, isPostgresUrl } from "./db/index.ts";

/** The dataset. */
export const DEFAULT_DB = "data/gongkai.db";
/** The crawl database (frontier, fetch log, validators). */
export const DEFAULT_CRAWL_DB = "data/crawl.db";
/** The raw archive: every fetched body as `<raw>/<ab>/<cd>/<sha256>`. */
export const DEFAULT_RAW = "data/raw";
/** The site registry: a folder of one JSON file per province (or a single JSON file). */
export const DEFAULT_SITES = "data/sites";

/**
 * Where a dataset's local companions go (crawl database, run summary): beside a file; for a
 * PostgreSQL dataset, the default data folder.
 */
export const localFolderOf = (db: string): string => (isPostgresUrl(db) ? dirname(DEFAULT_DB) : dirname(db));

/**
 * The writers' lock of a dataset (src/ingest/lock.ts): beside it, so two datasets never share one. A
 * PostgreSQL dataset's is in the machine's temporary folder, named after its server, database and
 * schema: it keeps two runs on one machine apart, whatever their working folder, while the
 * database's own lock orders writers from anywhere.
 */
export const lockFileOf = (db: string): string => {
  if (!isPostgresUrl(db)) return `${db}.lock`;
  const u = new URL(db);
  const name = `${u.hostname}-${u.port || "5432"}-${u.pathname.slice(1) || "postgres"}-${u.searchParams.get("schema") ?? DEFAULT_PG_SCHEMA}`;
  return join(tmpdir(), "gongkai-locks", `pg-${name.replace(/[^A-Za-z0-9_.-]/g, "_")}.lock`);
};

export interface RunPaths {
  db: string;
  crawlDb: string;
  raw: string;
  sites: string;
  lock: string;
  /** The run summary as JSON. */
  summary: string;
}

/** A run's paths with every default filled in: the crawl database and the summary go beside the dataset. */
export function resolveRunOptions(o: {
  db?: string | undefined;
  crawlDb?: string | undefined;
  raw?: string | undefined;
  sites?: string | undefined;
  summary?: string | undefined;
}): RunPaths {
  const db = o.db ?? DEFAULT_DB;
  return {
    db,
    crawlDb: o.crawlDb ?? join(localFolderOf(db), "crawl.db"),
    raw: o.raw ?? DEFAULT_RAW,
    sites: o.sites ?? DEFAULT_SITES,
    lock: lockFileOf(db),
    summary: o.summary ?? join(localFolderOf(db), "last-run.json"),
  };
}
