// Coverage by division: for each province-, prefecture- and county-level division, whether the registry has an
// established column for it, whether the dataset holds a report for the year, and in what state; with totals by
// province. The dataset half is one grouped query; joining it with the registry is pure.
import type { Database } from "better-sqlite3";

export interface DivisionRow {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  province: string;
}

/** What the dataset holds for one division and year (current versions only). */
export interface DivisionReports {
  reports: number;
  ok: number;
  flagged: number;
  failed: number;
}

/** The registry's view of a division, reduced to what coverage needs. */
export interface RegistryEntry {
  id: string;
  division?: string | undefined;
  verified: string;
  enabled: boolean;
  platform?: string | undefined;
}

export interface CoverageLine {
  division: string;
  name: string;
  level: string;
  province: string;
  site: string | null;
  verified: string | null;
  enabled: boolean;
  platform: string | null;
  reports: number;
  status: "ok" | "flagged" | "failed" | null;
}

export interface ProvinceTotals {
  province_code: string;
  province: string;
  divisions: number;
  observed: number;
  enabled: number;
  with_report: number;
  ok: number;
  flagged: number;
}

/** Placeholders of GB/T 2260 that group a municipality's districts or a province's directly run counties. */
const PLACEHOLDERS = ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"];

/**
 * SQL condition on a `regions` row (alias `alias`) that holds for a real division, not a placeholder: the one
 * definition every coverage figure (this module, the web view's coverage table and compare line) counts by.
 */
export const isDivisionSql = (alias = "regions"): string =>
  `${alias}.name NOT IN (${PLACEHOLDERS.map((n) => `'${n}'`).join(", ")})`;

/** Every division the dataset knows (its regions table, GB/T 2260), placeholders left out. */
export function queryDivisions(db: Database): DivisionRow[] {
  return db
    .prepare(`SELECT code, name, level, province FROM regions WHERE ${isDivisionSql()} ORDER BY code`)
    .all() as DivisionRow[];
}

/** Current reports of a year, counted by the division they were resolved to. */
export function queryDivisionReports(db: Database, year: number): Map<string, DivisionReports> {
  const rows = db
    .prepare(
      `SELECT region_code AS code, count(*) AS reports, sum(status = 'ok') AS ok, sum(status = 'flagged') AS flagged,
         sum(status = 'failed') AS failed
       FROM reports WHERE current = 1 AND year = ? AND region_code IS NOT NULL GROUP BY region_code`,
    )
    .all(year) as (DivisionReports & { code: string })[];
  return new Map(rows.map(({ code, ...r }) => [code, r]));
}

/** Join divisions, registry and reports: one line per division. Pure. */
export function planDivisionCoverage(
  divisions: readonly DivisionRow[],
  registry: readonly RegistryEntry[],
  reports: ReadonlyMap<string, DivisionReports>,
): CoverageLine[] {
  const siteOf = new Map<string, RegistryEntry>();
  // The government's own entry first: a division may also have department entries with the same code.
  for (const s of registry) if (s.division && !siteOf.has(s.division)) siteOf.set(s.division, s);
  return divisions.map((d) => {
    const s = siteOf.get(d.code);
    const r = reports.get(d.code);
    const status = !r ? null : r.flagged > 0 ? "flagged" : r.ok > 0 ? "ok" : "failed";
    return {
      division: d.code,
      name: d.name,
      level: d.level,
      province: d.province,
      site: s?.id ?? null,
      verified: s?.verified ?? null,
      enabled: s?.enabled ?? false,
      platform: s?.platform ?? null,
      reports: r?.reports ?? 0,
      status,
    };
  });
}

/** Totals by province, in code order. Pure. */
export function planProvinceTotals(lines: readonly CoverageLine[]): ProvinceTotals[] {
  const by = new Map<string, ProvinceTotals>();
  for (const l of lines) {
    const code = `${l.division.slice(0, 2)}0000`;
    const t = by.get(code) ?? {
      province_code: code,
      province: l.province,
      divisions: 0,
      observed: 0,
      enabled: 0,
      with_report: 0,
      ok: 0,
      flagged: 0,
    };
    t.divisions++;
    if (l.verified === "observed") t.observed++;
    if (l.enabled) t.enabled++;
    if (l.reports > 0) t.with_report++;
    if (l.status === "ok") t.ok++;
    if (l.status === "flagged") t.flagged++;
    by.set(code, t);
  }
  return [...by.values()].sort((a, b) => a.province_code.localeCompare(b.province_code));
}

/** "12 of 38 divisions have a 2023 report": the sentence every coverage figure is said in. */
export function renderCoverageLine(withReport: number, divisions: number, year: number, what = "divisions"): string {
  return `${withReport} of ${divisions} ${what} have a ${year} report in the dataset`;
}
