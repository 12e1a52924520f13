// The run summary: what a nightly run did, for alerting (a JSON file) and for people
// (rendered by src/cli/render/run-summary.ts).
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ChangeCounts } from "../crawl/index.ts";
import type { LockOwner } from "./lock.ts";
import type { IngestOutcome } from "./batch.ts";

export interface RunSummary {
  startedAt: string;
  finishedAt: string;
  /** False only when the run itself failed (lock held, bad registry, database error); a site being down is not that. */
  ok: boolean;
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
  /** Parse-and-load outcome per report document: new, changed (a new version), reparsed, unchanged, failed. */
  reports: { new: number; changed: number; reparsed: number; unchanged: number; failed: number };
  /** Failures by code: crawl classes (BLOCKED, network, http, too_large, robots, redirect) and parse codes (GARBLED_TEXT, NOT_A_REPORT, …). */
  failures: Record<string, number>;
  coverage: { year: number; sitesWithoutReport: string[] };
  checks: { reportsFlagged: number; failing: Record<string, number> };
  documents: IngestOutcome[];
}

/** Written atomically (temp file + rename) so an alerting job never reads half a summary. */
export async function writeRunSummary(file: string, s: RunSummary): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(s, null, 2)}\n`);
  await rename(tmp, file);
}
