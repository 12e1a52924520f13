// `gongkai run`: crawl, then parse and load what is new or changed, under a lock, and account for
// all of it in one summary. What was loaded stays loaded whatever happens later in the run; a run
// killed at any point is finished by the next one (the crawl resumes from its frontier, and every
// archived report not yet in the dataset for this parser version is parsed and loaded).
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  crawlSites,
  type CrawlOptions,
  type CrawlSummary,
  type DocumentRow,
  listDocuments,
  loadRegistry,
  openCrawlDb,
  selectSites,
  type Site,
} from "../crawl/index.ts";
import { checkpointDatabase, type Database, loadFailure, loadParsed, openDatabase } from "../load/index.ts";
import { PARSER_VERSION, ParseError, parseDocument } from "../parse/index.ts";
import { acquireLock, type LockOwner } from "./lock.ts";
import { planCoverage, type RunSummary } from "./summary.ts";

export interface RunOptions {
  /** Site registry. @default "data/sites.json" */
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
  now?: () => Date;
  onDocument?: (row: DocumentOutcome) => void;
}

export interface DocumentOutcome {
  url: string;
  siteId: string;
  sha256: string;
  outcome: "new" | "changed" | "reparsed" | "unchanged" | "failed";
  code?: string;
  message?: string;
  reportId?: number;
  year?: number | null;
  status?: string;
}

/** Reports are due by 31 March of the next year (条例 art. 49); before April the year before that is the latest complete one. */
export function expectedYear(now: Date): number {
  return now.getUTCMonth() >= 3 ? now.getUTCFullYear() - 1 : now.getUTCFullYear() - 2;
}

/** The newest fetch of every report URL: what the dataset should reflect. */
function latestDocuments(rows: readonly DocumentRow[]): DocumentRow[] {
  const byUrl = new Map<string, DocumentRow>();
  for (const r of rows) if (r.sha256 && r.archivePath) byUrl.set(r.url, r);
  return [...byUrl.values()];
}

function alreadyLoaded(db: Database, sha256: string): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM documents d WHERE d.sha256 = ? AND (
      EXISTS (SELECT 1 FROM reports r WHERE r.document_id = d.id AND r.parser_version = ?)
      OR EXISTS (SELECT 1 FROM load_errors e WHERE e.document_id = d.id AND e.parser_version = ?))`)
      .get(sha256, PARSER_VERSION, PARSER_VERSION) !== undefined
  );
}

async function loadOne(
  db: Database,
  row: DocumentRow,
  site: Site | undefined,
  now: () => Date,
): Promise<DocumentOutcome> {
  const base = { url: row.url, siteId: row.siteId, sha256: row.sha256! };
  const doc = {
    sha256: row.sha256!,
    url: row.url,
    fetchedAt: row.fetchedAt,
    mediaType: row.mediaType,
    size: row.size,
    archivePath: row.archivePath,
    siteId: row.siteId,
    region: site?.name ?? null,
    regionCode: site?.division ?? null,
  };
  if (alreadyLoaded(db, row.sha256!)) return { ...base, outcome: "unchanged" };
  try {
    const bytes = await readFile(row.archivePath!);
    const meta = {
      ...(site ? { region: site.name } : {}),
      ...(row.kind === "attachment" && row.title ? { title: row.title } : {}),
    };
    const result = await parseDocument({
      bytes,
      path: row.url,
      ...(row.headers["content-type"] ? { contentType: row.headers["content-type"] } : {}),
      meta,
    });
    const o = loadParsed(db, doc, result, { now });
    const garbled = result.flags.find((f) => f.code === "GARBLED_TEXT");
    return {
      ...base,
      outcome: o.status,
      reportId: o.reportId,
      year: result.report.year,
      status: result.status,
      ...(garbled ? { code: "GARBLED_TEXT", message: garbled.message } : {}),
    };
  } catch (err) {
    const code = err instanceof ParseError ? err.code : "PARSE_ERROR";
    const message = err instanceof Error ? err.message : String(err);
    loadFailure(db, doc, { code, message, parserVersion: PARSER_VERSION }, { now });
    return { ...base, outcome: "failed", code, message };
  }
}

export async function runPipeline(opts: RunOptions = {}): Promise<RunSummary> {
  const now = opts.now ?? (() => new Date());
  const dbFile = opts.db ?? "data/gongkai.db";
  const crawlDbFile = opts.crawlDb ?? join(dirname(dbFile), "crawl.db");
  const raw = opts.raw ?? "data/raw";
  const year = opts.year ?? expectedYear(now());
  const startedAt = now().toISOString();
  await mkdir(dirname(dbFile), { recursive: true });
  const lock = await acquireLock(`${dbFile}.lock`, { now });
  const tookOver: LockOwner | null = lock.tookOver;
  try {
    const all = await loadRegistry(opts.sites ?? "data/sites.json");
    const sites = selectSites(all, opts.siteIds);
    let crawl: CrawlSummary | null = null;
    if (!opts.noCrawl)
      crawl = await crawlSites(all, {
        ...opts.crawl,
        db: crawlDbFile,
        raw,
        ...(opts.siteIds ? { siteIds: opts.siteIds } : {}),
      });
    const crawlDb = openCrawlDb(crawlDbFile);
    const db = openDatabase(dbFile);
    const outcomes: DocumentOutcome[] = [];
    try {
      const siteIds = new Set(sites.map((s) => s.id));
      const rows = latestDocuments(listDocuments(crawlDb, { sinceRunId: 0, classes: ["report", "attachment"] })).filter(
        (r) => siteIds.has(r.siteId),
      );
      const byId = new Map(all.map((s) => [s.id, s]));
      for (const row of rows) {
        const o = await loadOne(db, row, byId.get(row.siteId), now);
        outcomes.push(o);
        opts.onDocument?.(o);
      }
      const coverage = planCoverage(
        db,
        sites.map((s) => s.id),
        year,
      );
      checkpointDatabase(db);
      return buildSummary({
        startedAt,
        finishedAt: now().toISOString(),
        crawl,
        outcomes,
        sites,
        coverage,
        year,
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
  crawl: CrawlSummary | null;
  outcomes: DocumentOutcome[];
  sites: Site[];
  coverage: string[];
  year: number;
  tookOver: LockOwner | null;
  db: Database;
}): RunSummary {
  const reports = { new: 0, changed: 0, reparsed: 0, unchanged: 0, failed: 0 };
  const failures: Record<string, number> = {};
  for (const o of a.outcomes) {
    reports[o.outcome]++;
    if (o.code) failures[o.code] = (failures[o.code] ?? 0) + 1;
  }
  for (const [k, n] of Object.entries(a.crawl?.failureTotals ?? {})) if (n) failures[k] = (failures[k] ?? 0) + n;
  const loadedIds = a.outcomes
    .filter((o) => o.reportId !== undefined && o.outcome !== "unchanged")
    .map((o) => o.reportId!);
  const failing = loadedIds.length
    ? (a.db
        .prepare(
          `SELECT check_id, COUNT(*) AS n FROM checks WHERE hard = 1 AND ok = 0 AND report_id IN (${loadedIds.map(() => "?").join(",")}) GROUP BY check_id`,
        )
        .all(...loadedIds) as { check_id: string; n: number }[])
    : [];
  const flagged = a.outcomes.filter((o) => o.outcome !== "unchanged" && o.status === "flagged").length;
  return {
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
    ok: true,
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
    reports,
    failures,
    coverage: { year: a.year, sitesWithoutReport: a.coverage },
    checks: { reportsFlagged: flagged, failing: Object.fromEntries(failing.map((f) => [f.check_id, f.n])) },
    documents: a.outcomes.filter((o) => o.outcome !== "unchanged"),
  };
}
