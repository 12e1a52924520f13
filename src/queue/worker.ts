// `gongkai worker`: take site jobs from the queue and, for each, crawl the site into the shared
// PostgreSQL frontier (resuming what an earlier attempt left) and parse and load what it fetched into the
// dataset. One job is one site: the crawler's own scheduler keeps its politeness and resume, and the host
// gate (src/crawl/postgres.ts) keeps one request in flight per host across every worker.
import { setMaxListeners } from "node:events";
import type { LookupFunction } from "node:net";
import {
  type CrawlOptions,
  createPgHostGate,
  crawlSites,
  latestRunOf,
  listDocuments,
  openCrawlDatabase,
  type Site,
  SiteSchema,
  sleep,
} from "../crawl/index.ts";
import { isPostgresUrl } from "../db/index.ts";
import { crawledSources, type IngestSummary, latestDocuments } from "../ingest/index.ts";
import { openDatabase } from "../load/index.ts";
import { createLoader } from "./_loader.ts";
import { ensureQueues, SITE_QUEUE, startBoss } from "./boss.ts";
import { QueueError } from "./errors.ts";

/** A job's data: the registry entry (the worker needs no registry file) and the round that queued it. */
export interface SiteJob {
  site: Site;
  round: string;
}

export interface WorkerOptions {
  /** The PostgreSQL dataset, `postgres://…?schema=…`. */
  db: string;
  /** Raw archive shared by every worker (docs/queue.md, "The archive"). */
  raw: string;
  /** Jobs (sites) this process works on at once. @default 1 */
  concurrency?: number;
  /** Return once no job is waiting, running or due for a retry. @default false (run until aborted) */
  untilIdle?: boolean;
  /** Passed to each site's crawl (delays, timeouts, `lookup`). */
  crawl?: Omit<CrawlOptions, "db" | "raw" | "database" | "siteIds" | "resume" | "hostGate" | "signal">;
  /** Name resolution for the crawl's connections (tests and benches point names at 127.0.0.1). */
  lookup?: LookupFunction;
  /** Seconds between looks for a new job when the queue was empty. @default 2 */
  pollSeconds?: number;
  /** Seconds between looks at the queue itself, which stop the worker when the queue is gone. @default 30 */
  checkSeconds?: number;
  /** Seconds between the passes that hand a dead worker's jobs to others. @default 30 */
  maintenanceSeconds?: number;
  /** Stops the worker: jobs in progress stop (the crawl is resumable) and are tried again by others. */
  signal?: AbortSignal;
  onJob?: (e: JobEvent) => void;
  /** @default () => new Date() */
  now?: () => Date;
}

export type JobEvent =
  | { type: "start"; site: string; attempt: number }
  | { type: "done"; site: string; crawled: boolean; counts: IngestSummary["counts"]; crawlMs: number; loadMs: number }
  | { type: "failed"; site: string; message: string };

export interface WorkerSummary {
  jobs: number;
  failed: number;
}

const IDLE_CHECK_MS = 500;
const QUEUE_CHECK_S = 30;

/**
 * Work site jobs until aborted (or, with `untilIdle`, until the queue is empty).
 * @example
 * await runWorker({ db: "postgres://postgres@127.0.0.1/postgres?schema=gongkai", raw: "/srv/raw", untilIdle: true });
 */
export async function runWorker(o: WorkerOptions): Promise<WorkerSummary> {
  if (!isPostgresUrl(o.db))
    throw new QueueError("BAD_OPTION", o.db, `--db must be a PostgreSQL URL such as postgres://user@host/db`);
  const now = o.now ?? (() => new Date());
  const concurrency = o.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new QueueError("BAD_OPTION", "concurrency", `concurrency must be a whole number ≥ 1 (got ${concurrency})`);
  const crawlDb = openCrawlDatabase(o.db);
  const dataset = openDatabase(o.db);
  const gate = createPgHostGate(crawlDb);
  const summary: WorkerSummary = { jobs: 0, failed: 0 };
  let running = 0;
  const stop = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
  setMaxListeners(0, signal); // every crawl in flight and each of its waits listens to it: not a leak
  const load = createLoader(dataset, now, signal);

  async function work(job: { data: unknown; retryCount?: number }): Promise<void> {
    const data = job.data as Partial<SiteJob>;
    const parsed = SiteSchema.safeParse(data.site);
    if (!parsed.success || typeof data.round !== "string")
      throw new QueueError("BAD_JOB", JSON.stringify(data).slice(0, 200), "the job's data is not { site, round }");
    const site = parsed.data;
    o.onJob?.({ type: "start", site: site.id, attempt: (job.retryCount ?? 0) + 1 });
    // A retry after the crawl finished (the worker died while loading) goes straight to the load.
    const last = latestRunOf(crawlDb, [site.id]);
    const crawled = last !== undefined && last.finishedAt !== null && last.startedAt >= data.round;
    const t0 = performance.now();
    if (!crawled) {
      const s = await crawlSites([site], {
        ...o.crawl,
        ...(o.lookup ? { lookup: o.lookup } : {}),
        raw: o.raw,
        database: crawlDb,
        resume: "same-sites",
        hostGate: gate,
        signal,
      });
      if (s.status !== "finished")
        throw new QueueError(
          "INTERRUPTED",
          site.id,
          `the crawl of ${site.id} stopped (${s.status}); it resumes on retry`,
        );
    }
    const t1 = performance.now();
    const rows = latestDocuments(
      listDocuments(crawlDb, { sinceRunId: 0, classes: ["report", "attachment"], siteId: site.id }),
    );
    const sources = crawledSources(rows, new Map([[site.id, site]]));
    const counts = await load(sources);
    if (signal.aborted)
      throw new QueueError("INTERRUPTED", site.id, `the load of ${site.id} stopped; what was loaded stays`);
    o.onJob?.({
      type: "done",
      site: site.id,
      crawled: !crawled,
      counts,
      crawlMs: Math.round(t1 - t0),
      loadMs: Math.round(performance.now() - t1),
    });
  }

  const boss = await startBoss(o.db, { maintenanceSeconds: o.maintenanceSeconds ?? 30 });
  try {
    await ensureQueues(boss);
    for (let i = 0; i < concurrency; i++)
      await boss.work(
        SITE_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: o.pollSeconds ?? 2, includeMetadata: true },
        async (jobs) => {
          running++;
          try {
            for (const job of jobs) {
              try {
                await work(job);
                summary.jobs++;
              } catch (err) {
                summary.failed++;
                const site = (job.data as Partial<SiteJob>).site?.id ?? job.id;
                o.onJob?.({ type: "failed", site, message: err instanceof Error ? err.message : String(err) });
                throw err; // pg-boss retries it, then moves it to the dead-letter queue
              }
            }
          } finally {
            running--;
          }
        },
      );
    // The queue is looked at every half second with --until-idle, else every `checkSeconds`: a queue that is
    // gone (its schema dropped, the database unreachable for good) stops the worker with an error instead of
    // leaving it polling forever.
    let checked = 0;
    while (!signal.aborted) {
      await sleep(IDLE_CHECK_MS, signal);
      if (signal.aborted || (!o.untilIdle && Date.now() - checked < (o.checkSeconds ?? QUEUE_CHECK_S) * 1000)) continue;
      checked = Date.now();
      let waiting: number;
      try {
        waiting = await boss.getQueueSize(SITE_QUEUE, { before: "completed" });
      } catch (cause) {
        throw new QueueError("BOSS", SITE_QUEUE, `the queue cannot be read: ${(cause as Error).message}`, { cause });
      }
      if (o.untilIdle && running === 0 && waiting === 0) break;
    }
  } finally {
    stop.abort();
    await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
    dataset.close();
    crawlDb.close();
  }
  return summary;
}
