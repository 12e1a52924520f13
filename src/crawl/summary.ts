// What a run did, read back from the crawl database: the per-run summary and the per-document rows
// that `gongkai run` (issue 5) parses and loads.
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
  failureTotals: Record<"BLOCKED" | "network" | "http" | "too_large" | "robots" | "redirect" | "other", number>;
  sitesWithErrors: string[];
}

/** One fetched document, as `gongkai run` needs it. */
export interface DocumentRow {
  id: number;
  runId: number;
  siteId: string;
  kind: "list" | "report" | "attachment";
  url: string;
  finalUrl: string | null;
  status: number | null;
  headers: Record<string, string>;
  fetchedAt: string;
  sha256: string | null;
  size: number | null;
  /** `<raw>/<ab>/<cd>/<sha256>` */
  archivePath: string | null;
  /** Sniffed from the bytes, not taken from Content-Type. */
  mediaType: string | null;
  charset: string | null;
  /** list | report | report_page | not_report | soft_404 | attachment | blocked:* | http_NNN | network | timeout | too_large | … */
  class: string;
  /** The link title it was found under. */
  title: string | null;
  change: Change | null;
  errorCode: string | null;
}

function group(cls: string): keyof CrawlSummary["failureTotals"] {
  if (cls.startsWith("blocked") || cls === "host_cooldown") return "BLOCKED";
  // An unreachable robots.txt closes the host for the run (RFC 9309): to a reader, the site was down.
  if (cls === "network" || cls === "timeout" || cls === "robots_unavailable") return "network";
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

interface RawDoc {
  id: number;
  run_id: number;
  site_id: string;
  kind: DocumentRow["kind"];
  url: string;
  final_url: string | null;
  status: number | null;
  headers: string | null;
  fetched_at: string;
  sha256: string | null;
  size: number | null;
  archive_path: string | null;
  media_type: string | null;
  charset: string | null;
  class: string;
  title: string | null;
  change: Change | null;
  error_code: string | null;
}

/**
 * Documents fetched by one run (`runId`, default the latest) or by every run after `sinceRunId`.
 * `classes` narrows the result, e.g. `["report", "attachment"]` for what the parser should see.
 */
export function listDocuments(
  db: Db,
  q: { runId?: number; sinceRunId?: number; classes?: readonly string[] } = {},
): DocumentRow[] {
  const where: string[] = [];
  const args: (number | string)[] = [];
  if (q.sinceRunId !== undefined) {
    where.push("run_id > ?");
    args.push(q.sinceRunId);
  } else {
    const id = q.runId ?? (db.prepare(`SELECT MAX(id) AS id FROM runs`).get() as { id: number | null }).id ?? 0;
    where.push("run_id = ?");
    args.push(id);
  }
  if (q.classes?.length) {
    where.push(`class IN (${q.classes.map(() => "?").join(",")})`);
    args.push(...q.classes);
  }
  const rows = db.prepare(`SELECT * FROM documents WHERE ${where.join(" AND ")} ORDER BY id`).all(...args) as RawDoc[];
  return rows.map((r) => ({
    id: r.id,
    runId: r.run_id,
    siteId: r.site_id,
    kind: r.kind,
    url: r.url,
    finalUrl: r.final_url,
    status: r.status,
    headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : {},
    fetchedAt: r.fetched_at,
    sha256: r.sha256,
    size: r.size,
    archivePath: r.archive_path,
    mediaType: r.media_type,
    charset: r.charset,
    class: r.class,
    title: r.title,
    change: r.change,
    errorCode: r.error_code,
  }));
}
