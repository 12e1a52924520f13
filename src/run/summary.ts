// The run summary: what a nightly run did, for a person (rendered) and for alerting (JSON file).
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ChangeCounts } from "../crawl/index.ts";
import type { Database } from "../load/index.ts";
import type { LockOwner } from "./lock.ts";
import type { DocumentOutcome } from "./pipeline.ts";

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
  documents: DocumentOutcome[];
}

/** Sites with no current report for `year` in the dataset. */
export function planCoverage(db: Database, siteIds: readonly string[], year: number): string[] {
  const have = new Set(
    (
      db
        .prepare(
          `SELECT DISTINCT d.site_id AS s FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.current = 1 AND r.year = ? AND d.site_id IS NOT NULL`,
        )
        .all(year) as { s: string }[]
    ).map((r) => r.s),
  );
  return siteIds.filter((s) => !have.has(s));
}

export function renderRunSummary(s: RunSummary): string {
  if (!s.ok) return `run failed: ${s.error?.code ?? "ERROR"} ${s.error?.message ?? ""}`.trim();
  const r = s.reports;
  const lines = [
    `run ${s.startedAt} → ${s.finishedAt}${s.lockTakenOver ? ` (took over a stale lock of pid ${s.lockTakenOver.pid})` : ""}`,
    `sites: ${s.sites.visited}/${s.sites.total} visited${s.sites.withErrors.length ? `, errors on ${s.sites.withErrors.join(", ")}` : ""}`,
    s.crawl
      ? `crawl: run ${s.crawl.runId} ${s.crawl.status}${s.crawl.resumed ? " (resumed)" : ""}, ${s.crawl.pagesFetched} pages fetched`
      : "crawl: skipped",
    `reports: ${r.new} new, ${r.changed} changed, ${r.reparsed} reparsed, ${r.unchanged} unchanged, ${r.failed} failed`,
    `failures: ${
      Object.keys(s.failures).length
        ? Object.entries(s.failures)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")
        : "none"
    }`,
    `coverage ${s.coverage.year}: ${s.coverage.sitesWithoutReport.length ? `no report yet from ${s.coverage.sitesWithoutReport.join(", ")}` : "every site has a report"}`,
    `checks: ${s.checks.reportsFlagged} report(s) flagged${
      Object.keys(s.checks.failing).length
        ? `; failing ${Object.entries(s.checks.failing)
            .map(([k, n]) => `${k} ×${n}`)
            .join(", ")}`
        : ""
    }`,
  ];
  return lines.join("\n");
}

/** Written atomically (temp file + rename) so an alerting job never reads half a summary. */
export async function writeRunSummary(file: string, s: RunSummary): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(s, null, 2)}\n`);
  await rename(tmp, file);
}
