// The run summary: what a nightly run did, for alerting (a JSON file) and for people
// (rendered by src/cli/render/run-summary.ts).
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ChangeCounts } from "../crawl/index.ts";
import type { RunCoverage } from "../query/index.ts";
import type { LockOwner } from "./lock.ts";
import { emptyCounts, type IngestOutcome } from "./batch.ts";

/** A URL or document of the run that did not succeed, with its class, for the operator to look at. */
export interface RunFailure {
  /** crawl: the fetch failed (class from the crawler); load: it was fetched but did not parse or load. */
  stage: "crawl" | "load";
  siteId?: string;
  url: string;
  /** The crawler's class (`http_404`, `network`, `blocked:…`) or the parse code (`NOT_A_REPORT`, …). */
  class: string;
  /** The group the failure counts under in `failures` (http, network, BLOCKED, … or the parse code). */
  group: string;
  status?: number | null;
  message?: string | null;
}

export interface RunSummary {
  startedAt: string;
  finishedAt: string;
  /** Wall time of the run, ms. */
  durationMs: number;
  /**
   * True only for a complete run: the crawl finished (or was skipped) and every document was parsed
   * and loaded or recorded. A site being down or a report not parsing is a result, not a failure;
   * a stalled or interrupted crawl, an interrupted load, or an error of the run itself is.
   */
  ok: boolean;
  /** Stopped by SIGINT or SIGTERM (after the transaction in progress); the next run finishes the work. */
  interrupted: boolean;
  error?: { code: string; message: string };
  parserVersion?: string;
  lockTakenOver?: LockOwner | null;
  sites: { total: number; visited: number; withErrors: string[] };
  crawl: {
    runId: number;
    status: string;
    resumed: boolean;
    pagesFetched: number;
    reports: ChangeCounts;
    attachments: ChangeCounts;
    failures: Record<string, number>;
  } | null;
  /**
   * Parse-and-load outcome per report document: new, changed (a new version), reparsed, rendition
   * (another document of a report's current version: its text, its attachment, a copy on another host), unchanged, failed.
   */
  reports: { new: number; changed: number; reparsed: number; rendition: number; unchanged: number; failed: number };
  /** Failures by code: crawl classes (BLOCKED, network, http, too_large, robots, redirect) and parse codes (GARBLED_TEXT, NOT_A_REPORT, …). */
  failures: Record<string, number>;
  /**
   * The divisions of the run's sites and how many have a current report for the expected year, read from the
   * dataset's division_coverage view (the figures of `gongkai coverage`); the sites without one; the sites that have
   * no division and are not counted. null when the run failed before it could count.
   */
  coverage: RunCoverage | null;
  checks: { reportsFlagged: number; failing: Record<string, number> };
  documents: IngestOutcome[];
  /** Every URL that failed this run, with its class (at most 1000 from the crawl; see failedUrlsOmitted). */
  failedUrls: RunFailure[];
  /** Crawl failures beyond the ones listed in failedUrls. */
  failedUrlsOmitted: number;
}

/** The summary of a run that failed before it could count anything: the error, and nothing done. */
export function planFailedSummary(
  started: Date,
  finished: Date,
  error: { code: string; message: string },
  interrupted: boolean,
): RunSummary {
  return {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    ok: false,
    interrupted,
    error,
    sites: { total: 0, visited: 0, withErrors: [] },
    crawl: null,
    reports: emptyCounts(),
    failures: {},
    coverage: null,
    checks: { reportsFlagged: 0, failing: {} },
    documents: [],
    failedUrls: [],
    failedUrlsOmitted: 0,
  };
}

/** Written atomically (temp file + rename) so an alerting job never reads half a summary. */
export async function writeRunSummary(file: string, s: RunSummary): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(s, null, 2)}\n`);
  await rename(tmp, file);
}
