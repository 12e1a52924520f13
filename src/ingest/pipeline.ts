// `gongkai run`: crawl, then parse and load what is new or changed, under a lock, and account for
// all of it in one summary. What was loaded stays loaded whatever happens later in the run; a run
// killed at any point is finished by the next one (the crawl resumes from its frontier, and every
// archived report not yet in the dataset for this parser version is parsed and loaded).
import { mkdir } from "node:fs/promises";
import {
  crawlSites,
  type CrawlOptions,
  type CrawlSummary,
  type FailedUrl,
  listDocuments,
  listFailedUrls,
  loadRegistry,
  openCrawlDb,
  selectSites,
  type Site,
} from "../crawl/index.ts";
import { checkpointDatabase, type Database, openDatabase, recordSites } from "../load/index.ts";
import { PARSER_VERSION } from "../parse/index.ts";
import { queryFailingChecks, queryRunCoverage, type RunCoverage } from "../query/index.ts";
import { localFolderOf, resolveRunOptions } from "../paths.ts";
import { type IngestOutcome, type IngestSummary, ingest } from "./batch.ts";
import { crawledSources, latestDocuments } from "./crawled.ts";
import { acquireLock, type LockOwner } from "./lock.ts";
import type { RunFailure, RunSummary } from "./summary.ts";

export interface RunOptions {
  /** Site registry (a folder or a file). @default "data/sites" */
  sites?: string;
  /** The dataset. @default "data/gongkai.db" */
  db?: string;
  /** The crawl database. @default crawl.db beside the dataset */
  crawlDb?: string;
  /** Raw archive. @default "data/raw" */
  raw?: string;
  /** Report year every site should have published by now. @default the latest year whose deadline (31 March) has passed */
  year?: number;
  siteIds?: readonly string[];
  /** Passed to the crawler (delays, timeouts, dispatcher, events, signal). */
  crawl?: Omit<CrawlOptions, "db" | "raw" | "siteIds">;
  /** Skip the crawl and only parse and load what the archive already holds. @default false */
  noCrawl?: boolean;
  /**
   * Stops the run (SIGINT, SIGTERM): the crawl stops as it does on its own signal, the load after the
   * transaction in progress; the lock is released and the summary says `interrupted: true`.
   * Also given to the crawl unless `crawl.signal` is set.
   */
  signal?: AbortSignal;
  now?: () => Date;
  onDocument?: (row: DocumentOutcome) => void;
}

/** A document's outcome in a run: the ingest door's outcome. */
export type DocumentOutcome = IngestOutcome;

/** Reports are due by 31 March of the next year (条例 art. 49); before April the year before that is the latest complete one. */
export function expectedYear(now: Date): number {
  return now.getUTCMonth() >= 3 ? now.getUTCFullYear() - 1 : now.getUTCFullYear() - 2;
}

export async function runPipeline(opts: RunOptions = {}): Promise<RunSummary> {
  const now = opts.now ?? (() => new Date());
  const { db: dbFile, crawlDb: crawlDbFile, raw, sites: sitesFile, lock: lockFile } = resolveRunOptions(opts);
  const year = opts.year ?? expectedYear(now());
  const started = now();
  const startedAt = started.toISOString();
  const signal = opts.signal ?? opts.crawl?.signal;
  await mkdir(localFolderOf(dbFile), { recursive: true });
  const lock = await acquireLock(lockFile, { now });
  const tookOver: LockOwner | null = lock.tookOver;
  try {
    const all = await loadRegistry(sitesFile);
    const sites = selectSites(all, opts.siteIds);
    let crawl: CrawlSummary | null = null;
    if (!opts.noCrawl)
      crawl = await crawlSites(all, {
        ...opts.crawl,
        ...(signal ? { signal } : {}),
        db: crawlDbFile,
        raw,
        ...(opts.siteIds ? { siteIds: opts.siteIds } : {}),
      });
    const crawlDb = openCrawlDb(crawlDbFile);
    const db = openDatabase(dbFile);
    try {
      // The whole registry, so that coverage can be read from the dataset alone (docs/data-model.md, "Coverage").
      recordSites(db, all, now());
      const siteIds = new Set(sites.map((s) => s.id));
      const rows = latestDocuments(listDocuments(crawlDb, { sinceRunId: 0, classes: ["report", "attachment"] })).filter(
        (r) => siteIds.has(r.siteId),
      );
      const byId = new Map(all.map((s) => [s.id, s]));
      // A page's images are one source (crawled.ts), so the progress counts sources, not rows.
      const sources = crawledSources(rows, byId);
      const { outcomes, counts } = await ingest(db, sources, {
        now,
        skipLoaded: true,
        total: sources.length,
        ...(signal ? { signal } : {}),
        ...(opts.onDocument ? { onOutcome: opts.onDocument } : {}),
      });
      const coverage = queryRunCoverage(db, sites, year);
      checkpointDatabase(db);
      const finished = now();
      return buildSummary({
        startedAt,
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
        interrupted: signal?.aborted ?? false,
        crawl,
        crawlFailures: crawl ? listFailedUrls(crawlDb, crawl.runId) : [],
        outcomes,
        counts,
        sites,
        coverage,
        tookOver,
        db,
      });
    } finally {
      db.close();
      crawlDb.close();
    }
  } finally {
    await lock.release();
  }
}

function buildSummary(a: {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  interrupted: boolean;
  crawl: CrawlSummary | null;
  crawlFailures: FailedUrl[];
  outcomes: DocumentOutcome[];
  counts: IngestSummary["counts"];
  sites: Site[];
  coverage: RunCoverage;
  tookOver: LockOwner | null;
  db: Database;
}): RunSummary {
  const failures: Record<string, number> = {};
  for (const o of a.outcomes) if (o.code) failures[o.code] = (failures[o.code] ?? 0) + 1;
  for (const [k, n] of Object.entries(a.crawl?.failureTotals ?? {})) if (n) failures[k] = (failures[k] ?? 0) + n;
  // Reports this run wrote facts for: a rendition that did not become primary left its version's facts as they were.
  const wrote = a.outcomes.filter((o) => o.outcome !== "unchanged" && (o.outcome !== "rendition" || o.primary));
  const loadedIds = [...new Set(wrote.filter((o) => o.reportId !== undefined).map((o) => o.reportId!))];
  const failing = queryFailingChecks(a.db, loadedIds);
  const flagged = wrote.filter((o) => o.status === "flagged").length;
  const failedUrls: RunFailure[] = [
    ...a.crawlFailures.map(
      (f): RunFailure => ({
        stage: "crawl",
        siteId: f.siteId,
        url: f.url,
        class: f.class,
        group: f.group,
        status: f.status,
        message: f.error,
      }),
    ),
    ...a.outcomes
      .filter((o) => o.outcome === "failed")
      .map(
        (o): RunFailure => ({
          stage: "load",
          ...(o.siteId ? { siteId: o.siteId } : {}),
          url: o.source,
          class: o.code ?? "PARSE_FAILED",
          group: o.code ?? "PARSE_FAILED",
          message: o.message ?? null,
        }),
      ),
  ];
  const crawlFailed = Object.values(a.crawl?.failures ?? {}).reduce((n, k) => n + k, 0);
  const complete = !a.interrupted && (a.crawl === null || a.crawl.status === "finished");
  return {
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
    durationMs: a.durationMs,
    ok: complete,
    interrupted: a.interrupted,
    parserVersion: PARSER_VERSION,
    lockTakenOver: a.tookOver,
    sites: { total: a.sites.length, visited: a.crawl?.sitesVisited ?? 0, withErrors: a.crawl?.sitesWithErrors ?? [] },
    crawl: a.crawl
      ? {
          runId: a.crawl.runId,
          status: a.crawl.status,
          resumed: a.crawl.resumed,
          pagesFetched: a.crawl.pagesFetched,
          reports: a.crawl.reports,
          attachments: a.crawl.attachments,
          failures: a.crawl.failures,
        }
      : null,
    reports: { ...a.counts },
    failures,
    coverage: a.coverage,
    checks: { reportsFlagged: flagged, failing },
    documents: a.outcomes.filter((o) => o.outcome !== "unchanged"),
    failedUrls,
    failedUrlsOmitted: Math.max(0, crawlFailed - a.crawlFailures.length),
  };
}
