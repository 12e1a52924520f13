// The run summary for a person: a few lines, one per stage. The JSON form is the summary itself.
import type { RunSummary } from "../../ingest/index.ts";
import { renderCoverageLine } from "../../query/index.ts";
import { safeLines, safeText } from "./safe-text.ts";

/** Failing URLs listed under the failures line; the JSON summary has them all. */
const SHOWN = 10;

export function renderRunSummary(s: RunSummary): string {
  if (s.error) return safeText(`run failed: ${s.error.code} ${s.error.message}`.trim());
  const r = s.reports;
  const lines = [
    `run ${s.startedAt} → ${s.finishedAt} (${(s.durationMs / 1000).toFixed(1)} s)${s.lockTakenOver ? ` (took over a stale lock of pid ${s.lockTakenOver.pid})` : ""}`,
    ...(s.interrupted
      ? ["interrupted: stopped by a signal after the transaction in progress; run again to finish"]
      : []),
    `sites: ${s.sites.visited}/${s.sites.total} visited${s.sites.withErrors.length ? `, errors on ${s.sites.withErrors.join(", ")}` : ""}`,
    s.crawl
      ? `crawl: run ${s.crawl.runId} ${s.crawl.status}${s.crawl.resumed ? " (resumed)" : ""}, ${s.crawl.pagesFetched} pages fetched`
      : "crawl: skipped",
    `reports: ${r.new} new, ${r.changed} changed, ${r.reparsed} reparsed, ${r.rendition} renditions, ${r.unchanged} unchanged, ${r.failed} failed`,
    `failures: ${
      Object.keys(s.failures).length
        ? Object.entries(s.failures)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")
        : "none"
    }`,
    ...s.failedUrls.slice(0, SHOWN).map((f) => `  ${f.class} ${f.url}`),
    ...(s.failedUrls.length + s.failedUrlsOmitted > SHOWN
      ? [`  … ${s.failedUrls.length + s.failedUrlsOmitted - SHOWN} more in the JSON summary (failedUrls)`]
      : []),
    ...renderCoverage(s.coverage),
    `checks: ${s.checks.reportsFlagged} report(s) flagged${
      Object.keys(s.checks.failing).length
        ? `; failing ${Object.entries(s.checks.failing)
            .map(([k, n]) => `${k} ×${n}`)
            .join(", ")}`
        : ""
    }`,
  ];
  return safeLines(lines.join("\n"));
}

/** Sites named after the coverage line; the JSON summary has them all. */
function renderSiteList(ids: readonly string[]): string {
  const more = ids.length - SHOWN;
  return `${ids.slice(0, SHOWN).join(", ")}${more > 0 ? ` … and ${more} more in the JSON summary` : ""}`;
}

/** The coverage line, in the words of `gongkai coverage`, then the sites it leaves out. */
function renderCoverage(c: RunSummary["coverage"]): string[] {
  if (!c) return []; // the run failed before it could count
  return [
    `coverage ${c.year}: ${renderCoverageLine(c.withReport, c.divisions, c.year, "divisions of this run's sites")}`,
    ...(c.sitesWithoutReport.length ? [`  no ${c.year} report yet from ${renderSiteList(c.sitesWithoutReport)}`] : []),
    ...(c.sitesWithoutDivision.length
      ? [`  not counted (no division in the registry): ${renderSiteList(c.sitesWithoutDivision)}`]
      : []),
  ];
}
