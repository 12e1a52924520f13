// The Series page and `series --format json`: one agency (several metrics) or one region (one metric,
// a line per agency) across every year in between, the 2019 and 2021 forms bridged as the `series`
// view does; a year without a report is a gap (null), never 0. Reading only.
import { parseKey, requestKey } from "../parse/keys.ts";
import type { Database } from "../db/index.ts";
import { LoadError } from "../load/errors.ts";
import { BRIDGED_ROWS } from "../load/metrics.ts";
import { HEADLINE_METRICS, resolveRegionArg } from "./queries.ts";
import { renderRegionPrefix } from "../load/regions.ts";
import { ZH_COLLATOR } from "./agency.ts";
import { planDictionary, renderShortLabel, resolveMetric } from "./labels.ts";
import type { DataTable } from "./table.ts";

export interface SeriesViewQuery {
  agency?: string;
  region?: string;
  /** Keys or Chinese labels; default: the headline metrics (agency) or 本年新收 (region). */
  metrics?: readonly string[];
}

export interface SeriesViewLine {
  agency: string;
  metric: string;
  label: string;
  unit: string;
  comparable: boolean;
  /** One per year of `years`; null where there is no report or a blank. */
  values: (number | null)[];
  /** Years with no current report of this agency (gaps, as opposed to printed blanks). */
  missing: number[];
  bridged: number[];
}

export interface SeriesView {
  by: "agency" | "region";
  subject: string;
  years: number[];
  lines: SeriesViewLine[];
}

interface CellRow {
  agency: string | null;
  year: number;
  metric: string;
  value: number | null;
  bridged: number;
}

/**
 * The `series` view's rows for some metrics of some reports, over the indexes: through the view one
 * agency took ~260 ms on 10,000 reports (BENCHMARKS.md, Web view). CROSS JOIN keeps the reports as
 * the outer loop (each report's cells by primary key), which the planner otherwise reverses for a
 * region. Same bridging: requests.other.<c> of a 2021 report that prints (六) as sub-rows is their sum.
 */
export function querySeriesCells(db: Database, where: string, args: unknown[], metrics: readonly string[]): CellRow[] {
  const keys = metrics.map(() => "?").join(", ");
  const rows = db
    .prepare(`SELECT r.agency, r.year, k.key AS metric, c.value, 0 AS bridged
      FROM reports r CROSS JOIN fact_cells c ON c.report_id = r.id JOIN fact_keys k ON k.id = c.key_id
      WHERE r.current = 1 AND r.year IS NOT NULL AND ${where} AND c.key_id IN (SELECT id FROM fact_keys WHERE key IN (${keys}))`)
    .all(...args, ...metrics) as CellRow[];
  for (const m of metrics) {
    const k = parseKey(m);
    if (k?.section !== "requests" || k.row !== "other") continue;
    const col = k.column;
    const subs = BRIDGED_ROWS.other.map((r) => requestKey(r, col));
    rows.push(
      ...(db
        .prepare(`SELECT r.agency, r.year, ? AS metric, sum(c.value) AS value, 1 AS bridged
          FROM reports r CROSS JOIN fact_cells c ON c.report_id = r.id
          WHERE r.current = 1 AND r.year IS NOT NULL AND ${where}
            AND c.key_id IN (SELECT id FROM fact_keys WHERE key IN (?, ?, ?))
            AND NOT EXISTS (SELECT 1 FROM fact_cells o WHERE o.report_id = r.id AND o.key_id = (SELECT id FROM fact_keys WHERE key = ?))
          GROUP BY r.id`)
        .all(m, ...args, ...subs, m) as CellRow[]),
    );
  }
  return rows;
}

export function querySeriesView(db: Database, q: SeriesViewQuery): SeriesView {
  if (!q.agency && !q.region) throw new LoadError("BAD_OPTION", "series", "give an agency or a region");
  const metrics = (q.metrics?.length ? q.metrics : q.agency ? HEADLINE_METRICS : ["requests.new.total"]).map(
    (m) => resolveMetric(m).key,
  );
  let where: string;
  let args: unknown[];
  if (q.agency) {
    const exact = db.prepare("SELECT 1 FROM reports WHERE agency = ? LIMIT 1").get(q.agency);
    where = exact ? "r.agency = ?" : "r.agency LIKE '%' || ? || '%'";
    args = [q.agency];
  } else {
    where = "r.region_code LIKE ? || '%'";
    args = [renderRegionPrefix(resolveRegionArg(db, q.region as string).code)];
  }
  const cells = querySeriesCells(db, where, args, metrics);
  if (!cells.length) throw new LoadError("NOT_FOUND", q.agency ?? q.region ?? "", "no current reports match");
  const first = Math.min(...cells.map((c) => c.year));
  const last = Math.max(...cells.map((c) => c.year));
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const reportYears = new Map<string, Set<number>>();
  for (const r of db
    .prepare(
      `SELECT DISTINCT coalesce(r.agency, '(unknown agency)') AS agency, r.year FROM reports r WHERE r.current = 1 AND ${where}`,
    )
    .all(...args) as { agency: string; year: number }[]) {
    const s = reportYears.get(r.agency) ?? new Set<number>();
    s.add(r.year);
    reportYears.set(r.agency, s);
  }
  const { byKey } = planDictionary();
  const order = new Map(metrics.map((m, i) => [m, i]));
  const lines = new Map<string, SeriesViewLine>();
  for (const c of cells) {
    const agency = c.agency ?? "(unknown agency)";
    const id = `${agency}\u0000${c.metric}`;
    let line = lines.get(id);
    if (!line) {
      const m = byKey.get(c.metric);
      const has = reportYears.get(agency) ?? new Set<number>();
      line = {
        agency,
        metric: c.metric,
        label: m ? renderShortLabel(m) : c.metric,
        unit: m?.unit ?? "",
        comparable: c.bridged === 1 || m?.comparable === 1,
        values: years.map(() => null),
        missing: years.filter((y) => !has.has(y)),
        bridged: [],
      };
      lines.set(id, line);
    }
    line.values[c.year - first] = c.value;
    if (c.bridged) line.bridged.push(c.year);
  }
  const sorted = [...lines.values()].sort(
    (a, b) => ZH_COLLATOR.compare(a.agency, b.agency) || (order.get(a.metric) ?? 0) - (order.get(b.metric) ?? 0),
  );
  return { by: q.agency ? "agency" : "region", subject: q.agency ?? q.region ?? "", years, lines: sorted };
}

export function planSeriesTable(v: SeriesView): DataTable {
  return {
    name: `series-${v.by}`,
    title: `${v.subject} 历年数据`,
    columns: [
      { key: "agency", zh: "机关", kind: "text" },
      { key: "metric", zh: "指标代码", kind: "text" },
      { key: "label", zh: "指标", kind: "text" },
      { key: "unit", zh: "单位", kind: "text" },
      ...v.years.map((y) => ({ key: String(y), zh: `${y}年`, kind: "money" as const })),
      { key: "missing_years", zh: "无报告年份", kind: "text" },
    ],
    rows: v.lines.map((l) => [l.agency, l.metric, l.label, l.unit, ...l.values, l.missing.join(" ") || null]),
  };
}

/** Agencies with current reports, for the Series page's picker. */
export function listAgencies(db: Database): { agency: string; place: string | null; reports: number }[] {
  return db
    .prepare(`SELECT r.agency, coalesce(g.county, g.city, g.province, r.region_text) AS place, count(*) AS reports
      FROM reports r LEFT JOIN regions g ON g.code = r.region_code WHERE r.current = 1 AND r.agency IS NOT NULL
      GROUP BY r.agency ORDER BY r.region_code, r.agency`)
    .all() as { agency: string; place: string | null; reports: number }[];
}
