// The questions `gongkai compare` and `gongkai series` ask, over the `series` view (current report
// versions, 2021's (六) sub-rows bridged into requests.other). Reading only; rendering is src/cli/render/table.ts and csv.ts.
import { type Database, jsonListSql } from "../db/index.ts";
import { contextOf } from "../load/_statements.ts";
import { LoadError } from "../load/errors.ts";
import { parseRegionText, type RegionRow, renderRegionPrefix } from "../load/regions.ts";

/** Shown by `gongkai series` when no metric is named: the headline numbers of each section. */
export const HEADLINE_METRICS = [
  "requests.new.total",
  "requests.granted.total",
  "requests.partly_granted.total",
  "requests.other.total",
  "requests.total.total",
  "requests.carried_forward.total",
  "appeals.review.total",
  "appeals.litigation_direct.total",
  "appeals.litigation_after_review.total",
  "proactive.licensing.decisions",
  "proactive.penalties.decisions",
] as const;

/** A region given as a 6-digit code or as text (`重庆市`, `江苏省淮安市`). */
export function resolveRegionArg(db: Database, arg: string): RegionRow {
  const { regions } = contextOf(db);
  const code = /^\d{6}$/.test(arg) ? arg : parseRegionText(arg, regions).code;
  const row = code ? regions.byCode.get(code) : undefined;
  if (!row)
    throw new LoadError(
      "NOT_FOUND",
      arg,
      "no such region; give a GB/T 2260 code (500000) or a full name (重庆市, 江苏省淮安市)",
    );
  return row;
}

export function assertMetric(db: Database, metric: string): void {
  const known = db
    .prepare("SELECT 1 FROM metrics WHERE key = ? UNION ALL SELECT 1 FROM facts WHERE key = ? LIMIT 1")
    .get(metric, metric);
  if (!known)
    throw new LoadError(
      "BAD_OPTION",
      metric,
      "unknown metric; use a key of docs/spec/SCHEMA.md such as requests.new.total (see the metrics table)",
    );
}

export interface ComparisonRow {
  rank: number | null;
  agency: string | null;
  region_code: string | null;
  place: string | null;
  value: number | null;
  template: string;
  status: string;
  bridged: number;
  report_id: number;
}

export interface ComparisonQuery {
  year: number;
  metric: string;
  region?: string;
}

/** All agencies of a year (and region) ranked by one metric, largest first; blanks last, unranked. */
export function queryComparison(db: Database, q: ComparisonQuery): { region: RegionRow | null; rows: ComparisonRow[] } {
  assertMetric(db, q.metric);
  const region = q.region ? resolveRegionArg(db, q.region) : null;
  const prefix = region ? renderRegionPrefix(region.code) : "";
  const rows = db
    .prepare(`SELECT c.agency, c.region_code, coalesce(c.county, c.city, c.province) AS place, c.value, c.template, c.status, c.bridged, c.report_id
    FROM comparison c WHERE c.year = ? AND c.metric = ? AND (? = '' OR c.region_code LIKE ? || '%')
    ORDER BY c.value IS NULL, c.value DESC, c.agency`)
    .all(q.year, q.metric, prefix, prefix) as Omit<ComparisonRow, "rank">[];
  let rank = 0;
  let prev: number | null = null;
  const ranked = rows.map((r, i): ComparisonRow => {
    if (r.value !== null && r.value !== prev) {
      rank = i + 1;
      prev = r.value;
    }
    return { rank: r.value === null ? null : rank, ...r };
  });
  return { region, rows: ranked };
}

export interface SeriesQuery {
  agency?: string;
  region?: string;
  metrics?: readonly string[];
}
export interface SeriesLine {
  agency: string;
  metric: string;
  /** 1 when the metric is the same quantity in both templates (or bridged). */
  comparable: number;
  values: Record<number, number | null>;
  /** Years whose value is a bridged sum (2021 (六) sub-rows). */
  bridgedYears: number[];
}

/** One line per agency and metric, one value per year. */
export function querySeries(db: Database, q: SeriesQuery): { years: number[]; lines: SeriesLine[] } {
  if (!q.agency && !q.region) throw new LoadError("BAD_OPTION", "series", "give --agency NAME or --region CODE");
  const metrics = q.metrics?.length ? q.metrics : HEADLINE_METRICS;
  for (const m of metrics) assertMetric(db, m);
  // One JSON array, not a variable per metric: no query binds a variable per item of a list.
  const where: string[] = [`s.metric IN (${jsonListSql(db)})`, "s.year IS NOT NULL"];
  const args: (string | number)[] = [JSON.stringify(metrics)];
  if (q.agency) {
    const exact = db.prepare("SELECT 1 FROM reports WHERE agency = ? LIMIT 1").get(q.agency);
    where.push(exact ? "s.agency = ?" : "s.agency LIKE '%' || ? || '%'");
    args.push(q.agency);
  }
  if (q.region) {
    where.push("s.region_code LIKE ? || '%'");
    args.push(renderRegionPrefix(resolveRegionArg(db, q.region).code));
  }
  const rows = db
    .prepare(`SELECT s.agency, s.metric, s.year, s.value, s.bridged, s.comparable FROM series s
    WHERE ${where.join(" AND ")} ORDER BY s.agency, s.year`)
    .all(...args) as {
    agency: string | null;
    metric: string;
    year: number;
    value: number | null;
    bridged: number;
    comparable: number;
  }[];
  if (!rows.length) throw new LoadError("NOT_FOUND", q.agency ?? q.region ?? "", "no current reports match");
  const order = new Map(metrics.map((m, i) => [m, i]));
  const lines = new Map<string, SeriesLine>();
  const years = new Set<number>();
  for (const r of rows) {
    const agency = r.agency ?? "(unknown agency)";
    const id = `${agency}\u0000${r.metric}`;
    let line = lines.get(id);
    if (!line)
      lines.set(id, (line = { agency, metric: r.metric, comparable: r.comparable, values: {}, bridgedYears: [] }));
    line.values[r.year] = r.value;
    if (r.bridged) line.bridgedYears.push(r.year);
    years.add(r.year);
  }
  const sorted = [...lines.values()].sort((a, b) =>
    a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : (order.get(a.metric) ?? 0) - (order.get(b.metric) ?? 0),
  );
  return { years: [...years].sort((a, b) => a - b), lines: sorted };
}
