// Coverage by division, read from the dataset's `division_coverage` and `province_coverage` views
// (src/load/views.ts; docs/data-model.md, "Coverage"): for each division, the registry's entry as the last run recorded
// it, and the current reports of a year and their state. Every coverage figure — `gongkai coverage`, the compare
// line of the CLI and the web view, the run summary — is read through this file.
import { type Database, dialectOf } from "../db/index.ts";
import { LoadError } from "../load/errors.ts";

export { isDivisionSql } from "../load/regions.ts";

/** One row of `division_coverage` for a year. */
export interface CoverageLine {
  division: string;
  name: string;
  level: "province" | "city" | "county";
  province_code: string;
  province: string;
  site: string | null;
  /** observed, unverified, fixture; null when the registry has no entry for the division or none is recorded. */
  verified: string | null;
  /** null when the dataset records no registry: unknown, not "disabled". */
  enabled: boolean | null;
  platform: string | null;
  reports: number;
  ok: number;
  flagged: number;
  failed: number;
  status: "ok" | "flagged" | "failed" | null;
}

/** One row of `province_coverage` for a year. */
export interface ProvinceTotals {
  province_code: string;
  province: string;
  divisions: number;
  /** null when the dataset records no registry. */
  observed: number | null;
  enabled: number | null;
  with_report: number;
  ok: number;
  flagged: number;
  failed: number;
}

/** The registry the dataset holds: how many entries, recorded when; null when no run has recorded one. */
export interface RecordedRegistry {
  sites: number;
  recordedAt: string;
}

/** Refuses a dataset from before the coverage views (opened read-only, never migrated) with the fix. */
function requireViews(db: Database): void {
  const catalog =
    dialectOf(db) === "postgres"
      ? "SELECT count(*) FROM information_schema.views WHERE table_schema = current_schema() AND table_name"
      : "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name";
  const n = db.prepare(`${catalog} IN ('division_coverage', 'province_coverage')`).pluck().get() as number;
  if (n < 2)
    throw new LoadError(
      "NOT_FOUND",
      "division_coverage",
      "this dataset predates the coverage views; open it once with `gongkai load` or `gongkai run` to migrate it",
    );
}

/** Every division's line for `year`, in code order, under a code prefix (`50`, `3208`; "" for all). */
export function queryDivisionCoverage(db: Database, year: number, prefix = ""): CoverageLine[] {
  requireViews(db);
  const rows = db
    .prepare(`SELECT division, name, level, province_code, province, site, verified, enabled, platform, reports, ok,
        flagged, failed, status
      FROM division_coverage WHERE year = ? AND division LIKE ? || '%' ORDER BY division`)
    .all(year, prefix) as (Omit<CoverageLine, "enabled"> & { enabled: number | null })[];
  return rows.map((r) => ({ ...r, enabled: r.enabled === null ? null : r.enabled === 1 }));
}

/** Totals by province for `year`, in code order, under a code prefix. */
export function queryProvinceCoverage(db: Database, year: number, prefix = ""): ProvinceTotals[] {
  requireViews(db);
  return db
    .prepare(`SELECT province_code, province, divisions, observed, enabled, with_report, ok, flagged, failed
      FROM province_coverage WHERE year = ? AND province_code LIKE substr(?, 1, 2) || '%' ORDER BY province_code`)
    .all(year, prefix) as ProvinceTotals[];
}

export function queryRecordedRegistry(db: Database): RecordedRegistry | null {
  const r = db.prepare('SELECT count(*) AS sites, max(recorded_at) AS "recordedAt" FROM sites').get() as {
    sites: number;
    recordedAt: string | null;
  };
  return r.sites > 0 && r.recordedAt ? { sites: r.sites, recordedAt: r.recordedAt } : null;
}

/** Prefecture- and county-level divisions under a prefix, and how many have a current report for the year. */
export function queryCoverageLine(
  db: Database,
  year: number,
  prefix: string,
): { divisions: number; withReport: number } {
  requireViews(db);
  return db
    .prepare(`SELECT count(*) AS divisions, count(CASE WHEN reports > 0 THEN 1 END) AS "withReport"
      FROM division_coverage WHERE year = ? AND level IN ('city', 'county') AND division LIKE ? || '%'`)
    .get(year, prefix) as { divisions: number; withReport: number };
}

/** A site of a run, as far as coverage needs it. */
export interface RunSite {
  id: string;
  division?: string | undefined;
}

/** The run summary's coverage: the divisions of the run's sites, read from division_coverage. */
export interface RunCoverage {
  year: number;
  /** Distinct divisions of the run's sites. */
  divisions: number;
  /** Of those, how many have a current report for the year. */
  withReport: number;
  /** The run's sites whose division has no current report for the year. */
  sitesWithoutReport: string[];
  /** The run's sites with no division in the registry, or one that is not a division of the dataset: not counted. */
  sitesWithoutDivision: string[];
}

export function queryRunCoverage(db: Database, sites: readonly RunSite[], year: number): RunCoverage {
  const lines = new Map(queryDivisionCoverage(db, year).map((l) => [l.division, l]));
  const counted = new Set<string>();
  const out: RunCoverage = { year, divisions: 0, withReport: 0, sitesWithoutReport: [], sitesWithoutDivision: [] };
  for (const s of sites) {
    const line = s.division ? lines.get(s.division) : undefined;
    if (!line) {
      out.sitesWithoutDivision.push(s.id);
      continue;
    }
    if (line.reports === 0) out.sitesWithoutReport.push(s.id);
    if (counted.has(line.division)) continue;
    counted.add(line.division);
    out.divisions++;
    if (line.reports > 0) out.withReport++;
  }
  return out;
}

/** "12 of 38 divisions have a 2023 report": the sentence every coverage figure is said in. */
export function renderCoverageLine(withReport: number, divisions: number, year: number, what = "divisions"): string {
  return `${withReport} of ${divisions} ${what} have a ${year} report in the dataset`;
}

/** The compare line: prefecture- and county-level divisions of a region (or the country) with a report for the year. */
export function renderCompareCoverage(
  c: { divisions: number; withReport: number },
  year: number,
  region: { name: string } | null,
): string {
  return renderCoverageLine(
    c.withReport,
    c.divisions,
    year,
    `prefecture- and county-level divisions${region ? ` in ${region.name}` : ""}`,
  );
}
