// Where gongkai keeps its files unless told otherwise: one place for the defaults every command uses.
import { dirname, join } from "node:path";

/** The dataset. */
export const DEFAULT_DB = "data/gongkai.db";
/** The crawl database (frontier, fetch log, validators). */
export const DEFAULT_CRAWL_DB = "data/crawl.db";
/** The raw archive: every fetched body as `<raw>/<ab>/<cd>/<sha256>`. */
export const DEFAULT_RAW = "data/raw";
/** The site registry: a folder of one JSON file per province (or a single JSON file). */
export const DEFAULT_SITES = "data/sites";

/** The writers' lock of a dataset (src/ingest/lock.ts): beside it, so two datasets never share one. */
export const lockFileOf = (db: string): string => `${db}.lock`;

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
    crawlDb: o.crawlDb ?? join(dirname(db), "crawl.db"),
    raw: o.raw ?? DEFAULT_RAW,
    sites: o.sites ?? DEFAULT_SITES,
    lock: lockFileOf(db),
    summary: o.summary ?? join(dirname(db), "last-run.json"),
  };
}
