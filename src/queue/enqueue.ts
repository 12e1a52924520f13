// `gongkai enqueue`: record the registry in the dataset and put one job per enabled site on the queue.
import { openCrawlDatabase, selectSites, type Site } from "../crawl/index.ts";
import { openDatabase, recordSites } from "../load/index.ts";
import { ensureQueues, type QueuePolicy, SITE_QUEUE, startBoss } from "./boss.ts";
import type { SiteJob } from "./worker.ts";

export interface EnqueueOptions {
  /** The PostgreSQL dataset, `postgres://…?schema=…`; the crawl frontier and the queue live beside it. */
  db: string;
  /** The whole registry: it is recorded in the dataset (coverage), and its enabled sites are queued. */
  sites: readonly Site[];
  /** Only these site ids (default: every enabled site). */
  siteIds?: readonly string[];
  /** Retries and expiry of the site queue, when this call creates it. */
  policy?: QueuePolicy;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface EnqueueSummary {
  /** When this round was queued: a job retried later does not crawl again what this round already crawled. */
  round: string;
  queued: string[];
  /** Sites that already had a job waiting (the queue keeps one waiting and one running per site). */
  alreadyQueued: string[];
}

/**
 * Queue a crawl-and-load job per site. Idempotent: a site whose job is still waiting is not queued again.
 * @example
 * await enqueueSites({ db: "postgres://postgres@127.0.0.1/postgres?schema=gongkai", sites: await loadRegistry("data/sites") });
 */
export async function enqueueSites(o: EnqueueOptions): Promise<EnqueueSummary> {
  const now = o.now ?? (() => new Date());
  const round = now().toISOString();
  const dataset = openDatabase(o.db);
  try {
    recordSites(dataset, o.sites, now());
  } finally {
    dataset.close();
  }
  openCrawlDatabase(o.db).close(); // the frontier's schema, made once here rather than by every worker at once
  const boss = await startBoss(o.db, { supervise: false });
  const queued: string[] = [];
  const alreadyQueued: string[] = [];
  try {
    await ensureQueues(boss, o.policy);
    for (const site of selectSites(o.sites, o.siteIds)) {
      const job: SiteJob = { site, round };
      const id = await boss.send(SITE_QUEUE, job as object, { singletonKey: site.id });
      (id ? queued : alreadyQueued).push(site.id);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  return { round, queued, alreadyQueued };
}
