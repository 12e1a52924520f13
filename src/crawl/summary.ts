// What a run did, read back from the crawl database: the per-run summary. The documents it fetched
// are read by documents.ts.
import type { Db } from "./_store.ts";

export type Change = "new" | "changed" | "unchanged";
export interface ChangeCounts {
  new: number;
  changed: number;
  unchanged: number;
}

export interface CrawlSummary {
  runId: number;
  /** finished: frontier drained; aborted/stalled: resumable by the next call. */
  status: "finished" | "aborted" | "stalled";
  resumed: boolean;
  sites: string[];
  /** Sites with at least one fetch this run. */
  sitesVisited: number;
  /** HTTP exchanges that produced an answer or a final error (retries of the same URL count once each). */
  pagesFetched: number;
  /** HTML pages recognised as annual reports. */
  reports: ChangeCounts;
  /** Report attachments (PDF, DOC, WPS, …). */
  attachments: ChangeCounts;
  /** Final outcome classes of URLs that did not succeed, e.g. `blocked:challenge:ruishu`, `http_404`, `network`, `robots`. */
  failures: Record<string, number>;
  /** Failures grouped as the issue names them: BLOCKED, network, http, too_large, robots, redirect, other. */
  failureTotals: Record<
    "BLOCKED" | "network" | "tls" | "scope" | "http" | "too_large" | "robots" | "redirect" | "other",
    number
  >;
  sitesWithErrors: string[];
}

function group(cls: string): keyof CrawlSummary["failureTotals"] {
  if (cls.startsWith("blocked") || cls === "host_cooldown") return "BLOCKED";
  // An unreachable robots.txt closes the host for the run (RFC 9309): to a reader, the site was down.
  if (cls === "network" || cls === "timeout" || cls === "robots_unavailable") return "network";
  // A certificate that does not verify is not an outage; off-site links and private addresses are refused.
  if (cls === "tls") return "tls";
  if (cls === "out_of_scope" || cls === "private_address") return "scope";
  if (cls.startsWith("http_") || cls === "retry_after_too_long" || cls === "soft_404") return "http";
  if (cls === "too_large") return "too_large";
  if (cls.startsWith("robots")) return "robots";
  if (cls.includes("redirect") || cls === "bad_scheme") return "redirect";
  return "other";
}

export function summarizeRun(
  db: Db,
  runId: number,
  o: { resumed: boolean; status: CrawlSummary["status"] },
): CrawlSummary {
  const run = db.prepare(`SELECT sites FROM runs WHERE id = ?`).get(runId) as { sites: string } | undefined;
  const counts = (cls: string): ChangeCounts => {
    const c: ChangeCounts = { new: 0, changed: 0, unchanged: 0 };
    for (const r of db
      .prepare(
        `SELECT change, COUNT(*) AS n FROM documents WHERE run_id = ? AND class = ? AND change IS NOT NULL GROUP BY change`,
      )
      .all(runId, cls) as { change: Change; n: number }[])
      c[r.change] = r.n;
    return c;
  };
  const failures: Record<string, number> = {};
  const totals: CrawlSummary["failureTotals"] = {
    BLOCKED: 0,
    network: 0,
    tls: 0,
    scope: 0,
    http: 0,
    too_large: 0,
    robots: 0,
    redirect: 0,
    other: 0,
  };
  const errSites = new Set<string>();
  const bad = db
    .prepare(
      `SELECT site_id, class, COUNT(*) AS n FROM frontier WHERE run_id = ? AND (state IN ('failed','blocked','skipped') OR class = 'soft_404') GROUP BY site_id, class`,
    )
    .all(runId) as { site_id: string; class: string | null; n: number }[];
  for (const r of bad) {
    const cls = r.class ?? "other";
    failures[cls] = (failures[cls] ?? 0) + r.n;
    totals[group(cls)] += r.n;
    errSites.add(r.site_id);
  }
  const visited = db.prepare(`SELECT COUNT(DISTINCT site_id) AS n FROM documents WHERE run_id = ?`).get(runId) as {
    n: number;
  };
  const fetched = db.prepare(`SELECT COUNT(*) AS n FROM documents WHERE run_id = ?`).get(runId) as { n: number };
  return {
    runId,
    status: o.status,
    resumed: o.resumed,
    sites: run ? (JSON.parse(run.sites) as string[]) : [],
    sitesVisited: visited.n,
    pagesFetched: fetched.n,
    reports: counts("report"),
    attachments: counts("attachment"),
    failures,
    failureTotals: totals,
    sitesWithErrors: [...errSites].sort(),
  };
}

/** A URL that did not succeed in a run: what an operator needs to look at it. */
export interface FailedUrl {
  siteId: string;
  url: string;
  kind: string;
  /** The final outcome class (`http_404`, `network`, `blocked:challenge:ruishu`, …). */
  class: string;
  /** The class's group, as in CrawlSummary.failureTotals. */
  group: keyof CrawlSummary["failureTotals"];
  status: number | null;
  error: string | null;
}

/** The URLs of a run that did not succeed (the rows summarizeRun counts), in frontier order, at most `limit`. */
export function listFailedUrls(db: Db, runId: number, limit = 1000): FailedUrl[] {
  const rows = db
    .prepare(
      `SELECT site_id, url, kind, class, last_status, error FROM frontier WHERE run_id = ?
      AND (state IN ('failed','blocked','skipped') OR class = 'soft_404') ORDER BY id LIMIT ?`,
    )
    .all(runId, limit) as {
    site_id: string;
    url: string;
    kind: string;
    class: string | null;
    last_status: number | null;
    error: string | null;
  }[];
  return rows.map((r) => ({
    siteId: r.site_id,
    url: r.url,
    kind: r.kind,
    class: r.class ?? "other",
    group: group(r.class ?? "other"),
    status: r.last_status,
    error: r.error,
  }));
}
