// The runs of a crawl database, read back: which run crawled a set of sites last and how it ended. A
// queue worker (src/queue/) asks it so that a retried job does not crawl a site again that its first
// attempt finished crawling.
import type { Db } from "./_store.ts";

export interface RunRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  /** running (or killed while running) | finished | … */
  status: string;
}

/** The newest run of exactly these sites (in this order), if any. */
export function latestRunOf(db: Db, siteIds: readonly string[]): RunRow | undefined {
  const r = db
    .prepare(`SELECT id, started_at, finished_at, status FROM runs WHERE sites = ? ORDER BY id DESC LIMIT 1`)
    .get(JSON.stringify(siteIds)) as
    | { id: number; started_at: string; finished_at: string | null; status: string }
    | undefined;
  return r && { id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status };
}
