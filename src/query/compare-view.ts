// The Compare page and `compare --format json`: every agency with a current report for a year, ranked
// by one metric, optionally as a rate over a second metric of the same report, with the cell's flags
// and the coverage of the divisions in view. Reading only.
import { parseKey, requestKey } from "../parse/keys.ts";
import type { Database } from "../db/index.ts";
import { queryCoverageLine, renderCompareCoverage } from "./division-coverage.ts";
import { BRIDGED_ROWS } from "../load/metrics.ts";
import { renderRegionPrefix } from "../load/regions.ts";
import { resolveRegionArg } from "./queries.ts";
import { AGENCY_TYPE_LABELS, type AgencyType, classifyAgency, ZH_COLLATOR } from "./agency.ts";
import { type MetricRow, renderShortLabel, resolveMetric } from "./labels.ts";
import type { DataTable } from "./table.ts";

export interface CompareQuery {
  year: number;
  /** A key or Chinese label. */
  metric: string;
  /** Denominator of a rate (key or label); the rate is metric ÷ per for the same report. */
  per?: string;
  region?: string;
  type?: AgencyType;
}

export interface CompareRow {
  rank: number | null;
  report_id: number;
  agency: string;
  type: AgencyType;
  region_code: string | null;
  place: string | null;
  value: number | null;
  denominator: number | null;
  /** value ÷ denominator; null when either is blank or the denominator is 0. */
  rate: number | null;
  template: string;
  status: string;
  bridged: boolean;
  /** Why the cell (or its report) is flagged, in words; empty when it is not. */
  flags: string[];
  source: { url: string | null; fetched_at: string | null; sha256: string };
}

export interface CompareView {
  year: number;
  metric: MetricRow;
  per: MetricRow | null;
  region: { code: string; name: string } | null;
  type: AgencyType | null;
  rows: CompareRow[];
  /** Prefecture- and county-level divisions in view and how many have a report for the year, and that as a sentence. */
  coverage: { divisions: number; withReport: number; sentence: string };
  years: number[];
}

export function listYears(db: Database): number[] {
  // Distinct years from the (year, region_code) index, then one seek each for a current report:
  // a scan of every report's `current` took ~12 ms on 10,000 reports.
  return db
    .prepare(`SELECT y.year FROM (SELECT DISTINCT year FROM reports WHERE year IS NOT NULL) y
      WHERE EXISTS (SELECT 1 FROM reports r WHERE r.year = y.year AND r.current = 1) ORDER BY y.year DESC`)
    .pluck()
    .all() as number[];
}

interface RawRow {
  report_id: number;
  agency: string | null;
  region_code: string | null;
  place: string | null;
  value: number | null;
  template: string;
  status: string;
  bridged: number;
  flagged: number | null;
  url: string | null;
  fetched_at: string | null;
  sha256: string;
}

// The comparison view's two arms written out for one metric over the indexes (reports by year, then
// each report's cell by its primary key): a direct cell with its flag bit, or for requests.other.*
// in a 2021 report that prints (六) as sub-rows, their sum. Through the view the same rows take
// ~175 ms on 10,000 reports; this way ~5 ms (BENCHMARKS.md, Web view).
export const COMPARE_SQL = `SELECT r.id AS report_id, r.agency, r.region_code, coalesce(g.county, g.city, g.province) AS place,
  c.value, r.template, r.status, 0 AS bridged, c.flagged, d.url, d.fetched_at, d.sha256
FROM reports r CROSS JOIN fact_cells c ON c.report_id = r.id AND c.key_id = (SELECT id FROM fact_keys WHERE key = @metric)
JOIN documents d ON d.id = r.document_id LEFT JOIN regions g ON g.code = r.region_code
WHERE r.current = 1 AND r.year = @year AND (@prefix = '' OR r.region_code LIKE @prefix || '%')`;

const BRIDGED_SQL = `SELECT r.id AS report_id, r.agency, r.region_code, coalesce(g.county, g.city, g.province) AS place,
  sum(c.value) AS value, r.template, r.status, 1 AS bridged, max(c.flagged) AS flagged, d.url, d.fetched_at, d.sha256
FROM reports r CROSS JOIN fact_cells c ON c.report_id = r.id
  AND c.key_id IN (SELECT id FROM fact_keys WHERE key IN (@sub1, @sub2, @sub3))
JOIN documents d ON d.id = r.document_id LEFT JOIN regions g ON g.code = r.region_code
WHERE r.current = 1 AND r.year = @year AND (@prefix = '' OR r.region_code LIKE @prefix || '%')
  AND NOT EXISTS (SELECT 1 FROM fact_cells o WHERE o.report_id = r.id AND o.key_id = (SELECT id FROM fact_keys WHERE key = @metric))
GROUP BY r.id, g.code, d.id`;

/** Every current report of the year (and region prefix) that has the metric, bridged as the series view does. */
export function queryMetricValues(db: Database, year: number, metric: string, prefix: string): RawRow[] {
  const args = { year, metric, prefix };
  const rows = db.prepare(COMPARE_SQL).all(args) as RawRow[];
  const k = parseKey(metric);
  if (k?.section === "requests" && k.row === "other") {
    const [sub1, sub2, sub3] = BRIDGED_ROWS.other.map((r) => requestKey(r, k.column));
    rows.push(...(db.prepare(BRIDGED_SQL).all({ ...args, sub1, sub2, sub3 }) as RawRow[]));
  }
  return rows;
}

export function queryCompareView(db: Database, q: CompareQuery): CompareView {
  const metric = resolveMetric(q.metric);
  const per = q.per ? resolveMetric(q.per) : null;
  const region = q.region ? resolveRegionArg(db, q.region) : null;
  const prefix = region ? renderRegionPrefix(region.code) : "";
  const raw = queryMetricValues(db, q.year, metric.key, prefix);
  const perValues = new Map<number, number | null>();
  if (per) for (const r of queryMetricValues(db, q.year, per.key, prefix)) perValues.set(r.report_id, r.value);
  const reasons = new Map<number, string[]>();
  const flagRows = db
    .prepare(`SELECT f.report_id, f.key, f.code, f.message FROM flags f JOIN reports r ON r.id = f.report_id
      WHERE r.current = 1 AND r.year = ? AND (f.key IS NULL OR f.key IN (?, ?))`)
    .all(q.year, metric.key, per?.key ?? "") as {
    report_id: number;
    key: string | null;
    code: string;
    message: string;
  }[];
  for (const f of flagRows) {
    if (f.key === null) continue;
    const list = reasons.get(f.report_id) ?? [];
    list.push(`${f.code}: ${f.message}`);
    reasons.set(f.report_id, list);
  }
  let rows: CompareRow[] = raw.map((r) => {
    const agency = r.agency ?? "（机关名称未识别）";
    const denominator = per ? (perValues.get(r.report_id) ?? null) : null;
    const flags = reasons.get(r.report_id) ?? [];
    if (r.flagged && !flags.length) flags.push("本单元格被解析器标记（见报告页）");
    if (!flags.length && r.status === "flagged") flags.push("该报告另有其他标记或勾稽不平（本数值未被标记）");
    return {
      rank: null,
      report_id: r.report_id,
      agency,
      type: classifyAgency(r.agency),
      region_code: r.region_code,
      place: r.place,
      value: r.value,
      denominator,
      rate: per && r.value !== null && denominator ? r.value / denominator : null,
      template: r.template,
      status: r.status,
      bridged: r.bridged === 1,
      flags,
      source: { url: r.url, fetched_at: r.fetched_at, sha256: r.sha256 },
    };
  });
  if (q.type) rows = rows.filter((r) => r.type === q.type);
  const key = (r: CompareRow) => (per ? r.rate : r.value);
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? ZH_COLLATOR.compare(a.agency, b.agency) : x === null ? 1 : -1;
    return y - x || ZH_COLLATOR.compare(a.agency, b.agency);
  });
  let prev: number | null = null;
  let rank = 0;
  rows.forEach((r, i) => {
    const v = key(r);
    if (v === null) return;
    if (v !== prev) {
      rank = i + 1;
      prev = v;
    }
    r.rank = rank;
  });
  const coverage = queryCoverageLine(db, q.year, prefix);
  return {
    year: q.year,
    metric,
    per,
    region: region ? { code: region.code, name: region.name } : null,
    type: q.type ?? null,
    rows,
    coverage: { ...coverage, sentence: renderCompareCoverage(coverage, q.year, region) },
    years: listYears(db),
  };
}

export const renderMetricLabel = (m: MetricRow): string => renderShortLabel(m);

/** The rows as a downloadable table (Chinese headers, keys for scripts). */
export function planCompareTable(v: CompareView): DataTable {
  const unit = v.metric.unit;
  return {
    name: `compare-${v.year}-${v.metric.key}${v.per ? `-per-${v.per.key}` : ""}`,
    title: `${v.year}年 ${renderShortLabel(v.metric)}${v.per ? ` ÷ ${renderShortLabel(v.per)}` : ""}`,
    columns: [
      { key: "rank", zh: "排名", kind: "count" },
      { key: "agency", zh: "机关", kind: "text" },
      { key: "agency_type", zh: "机关类型", kind: "text" },
      { key: "place", zh: "地区", kind: "text" },
      { key: "region_code", zh: "区划代码", kind: "text" },
      { key: v.metric.key, zh: v.metric.label_zh, kind: v.metric.kind, unit },
      ...(v.per
        ? [
            { key: v.per.key, zh: v.per.label_zh, kind: v.per.kind, unit: v.per.unit },
            { key: "rate", zh: "比率", kind: "rate" as const },
          ]
        : []),
      { key: "template", zh: "表式", kind: "text" },
      { key: "status", zh: "状态", kind: "text" },
      { key: "flags", zh: "标记原因", kind: "text" },
      { key: "report_id", zh: "报告编号", kind: "id" },
      { key: "url", zh: "来源网址", kind: "text", note: "where the report was fetched" },
      { key: "fetched_at", zh: "抓取时间", kind: "text", note: "ISO 8601 UTC" },
      { key: "sha256", zh: "原文SHA-256", kind: "text", note: "of the archived document" },
    ],
    rows: v.rows.map((r) => [
      r.rank,
      r.agency,
      AGENCY_TYPE_LABELS[r.type],
      r.place,
      r.region_code,
      r.value,
      ...(v.per ? [r.denominator, r.rate] : []),
      r.template,
      r.status,
      r.flags.join("；") || null,
      r.report_id,
      r.source.url,
      r.source.fetched_at,
      r.source.sha256,
    ]),
  };
}
