// The analysis views, rendered from the metric dictionary so that the wide view has one column per
// key without hand-written SQL. Pure: returns SQL text; database.ts (re)creates the views when the
// rendered text changes (a new key in formats.ts needs no migration).
import type { Dialect } from "../db/index.ts";
import { BRIDGED_ROWS, type MetricRow, renderColumnName } from "./metrics.ts";
import { isDivisionSql } from "./regions.ts";

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Report metadata columns shared by the report-level views. */
const REPORT_COLUMNS = `r.id AS report_id, r.agency, r.region_code, g.province, g.city, g.county, r.region_text,
  r.year, r.template, r.status, r.version, r.title, r.published, r.parser_version,
  d.url, d.path, d.sha256, d.fetched_at, r.loaded_at`;

/** Every view, in creation order: name and body (without `CREATE VIEW name AS`). */
export function planViews(metrics: readonly MetricRow[], dialect: Dialect = "sqlite"): { name: string; sql: string }[] {
  const pg = dialect === "postgres";
  // Counts as INTEGER when whole (sqlite3 and Datasette show a REAL 23 as 23.0); a fractional count
  // (flagged DECIMAL_IN_COUNT) and amounts in 万元 stay REAL, never rounded. PostgreSQL prints a
  // whole double without ".0" (and a cast to integer could overflow), so there the value is as stored.
  const whole = (v: string) => (pg ? v : `iif(${v} = CAST(${v} AS INTEGER), CAST(${v} AS INTEGER), ${v})`);
  const thisYear = pg ? "CAST(extract(year FROM now()) AS INTEGER)" : "CAST(strftime('%Y', 'now') AS INTEGER)";
  const wideCols = metrics
    .filter((m) => m.wide)
    .map((m) => {
      const v = m.kind === "money" ? "f.value" : whole("f.value");
      return `  (SELECT ${v} FROM facts f WHERE f.report_id = r.id AND f.key = ${sqlString(m.key)}) AS ${renderColumnName(m.key)}`;
    });
  const bridgedRows = BRIDGED_ROWS.other.map(sqlString).join(", ");
  return [
    {
      name: "current_reports",
      sql: `SELECT ${REPORT_COLUMNS}, r.report_key, r.reason, r.agency_id, r.shape, r.document_id,
  p.rendition, (SELECT count(*) FROM report_documents o WHERE o.report_id = r.id) AS documents
FROM reports r JOIN documents d ON d.id = r.document_id LEFT JOIN regions g ON g.code = r.region_code
LEFT JOIN report_documents p ON p.report_id = r.id AND p.document_id = r.document_id
WHERE r.current = 1`,
    },
    {
      name: "current_facts",
      sql: `SELECT f.report_id, r.agency, r.region_code, r.year, r.template, f.key, f.section, f.row, f.col,
  f.value, f.raw, f.flagged, f.confidence, f.method, f.unit
FROM reports r JOIN facts f ON f.report_id = r.id
WHERE r.current = 1`,
    },
    {
      name: "fact_provenance",
      sql: `SELECT f.report_id, f.key, f.value, f.raw, f.locator, f.confidence, f.method, f.flagged,
  r.agency, r.year, r.template, r.version, r.current, r.parser_version, r.loaded_at,
  d.url, d.path, d.sha256, d.fetched_at, d.media_type, d.archive_path, p.rendition
FROM facts f JOIN reports r ON r.id = f.report_id JOIN documents d ON d.id = r.document_id
LEFT JOIN report_documents p ON p.report_id = r.id AND p.document_id = r.document_id`,
    },
    {
      // Every document of every report version: the primary its facts were read from, and the other
      // renditions and copies that read the same numbers (docs/load.md, "Renditions").
      name: "report_renditions",
      sql: `SELECT rd.report_id, r.report_key, r.agency, r.region_code, r.year, r.version, r.current,
  rd.is_primary, rd.rendition, rd.status, rd.unread, rd.flags, rd.parser_version, rd.loaded_at,
  rd.document_id, d.url, d.path, d.sha256, d.media_type, d.fetched_at, d.archive_path, d.site_id
FROM report_documents rd JOIN reports r ON r.id = rd.report_id JOIN documents d ON d.id = rd.document_id`,
    },
    {
      name: "report_wide",
      sql: `SELECT ${REPORT_COLUMNS},
${wideCols.join(",\n")}
FROM reports r JOIN documents d ON d.id = r.document_id LEFT JOIN regions g ON g.code = r.region_code
WHERE r.current = 1`,
    },
    {
      // Same quantities across templates share a metric; 2021's three (六) sub-rows are summed into
      // requests.other.<c> (bridged = 1) unless the report printed (六) as one row. Quantities that
      // changed meaning keep their own keys (comparable = 0): see series_breaks. Whole counts are
      // INTEGER, as in report_wide.
      name: "series",
      sql: `SELECT r.agency_id, r.agency, r.region_code, r.year, r.template, r.id AS report_id, r.status,
  f.key AS metric, ${pg ? "f.value" : "iif(m.kind <> 'money' AND f.value = CAST(f.value AS INTEGER), CAST(f.value AS INTEGER), f.value)"} AS value,
  f.raw, 0 AS bridged, coalesce(m.comparable, 0) AS comparable
FROM reports r JOIN facts f ON f.report_id = r.id LEFT JOIN metrics m ON m.key = f.key
WHERE r.current = 1
UNION ALL
SELECT r.agency_id, r.agency, r.region_code, r.year, r.template, r.id AS report_id, r.status,
  'requests.other.' || f.col AS metric, ${whole("sum(f.value)")} AS value,
  NULL AS raw, 1 AS bridged, 1 AS comparable
FROM reports r JOIN facts f ON f.report_id = r.id
WHERE r.current = 1 AND f.key >= 'requests.other_' AND f.key < 'requests.other_~' AND f.row IN (${bridgedRows})
  AND NOT EXISTS (SELECT 1 FROM facts o WHERE o.report_id = r.id AND o.key = 'requests.other.' || f.col)
GROUP BY r.id, f.col`,
    },
    {
      name: "comparison",
      sql: `SELECT s.year, s.metric, s.value, s.agency, s.region_code,
  substr(s.region_code, 1, 2) || '0000' AS province_code, substr(s.region_code, 1, 4) || '00' AS city_code,
  g.province, g.city, g.county, s.template, s.status, s.bridged, s.report_id
FROM series s LEFT JOIN regions g ON g.code = s.region_code`,
    },
    {
      name: "series_breaks",
      sql: `SELECT from_key AS key_2019, nullif(to_key, '') AS key_2021, relation, note
FROM metric_relations WHERE relation <> 'same'`,
    },
    {
      name: "unresolved_regions",
      sql: `SELECT coalesce(r.region_text, '') AS region_text, count(*) AS reports,
  ${pg ? "string_agg(DISTINCT r.agency, ',')" : "group_concat(DISTINCT r.agency)"} AS agencies, min(r.year) AS first_year, max(r.year) AS last_year
FROM reports r WHERE r.current = 1 AND r.region_code IS NULL
GROUP BY coalesce(r.region_text, '')`,
    },
    {
      name: "changed_cells",
      sql: `SELECT r.agency, r.year, c.key, c.kind, c.old_value, c.new_value, c.old_raw, c.new_raw,
  p.version AS old_version, r.version AS new_version, r.reason,
  pd.url AS old_url, d.url AS new_url, pd.path AS old_path, d.path AS new_path,
  pd.sha256 AS old_sha256, d.sha256 AS new_sha256, d.fetched_at AS new_fetched_at, r.loaded_at AS detected_at,
  c.report_id, c.previous_report_id
FROM changes c JOIN reports r ON r.id = c.report_id JOIN reports p ON p.id = c.previous_report_id
JOIN documents d ON d.id = r.document_id JOIN documents pd ON pd.id = p.document_id`,
    },
    {
      // Coverage (docs/data-model.md, "Coverage"): one row per division (placeholders left out) and year, from 2008 to
      // this year or the latest report year, at most next year (a misread year 9999 must not make 8,000 years).
      // Registry columns come from `sites` (recorded by `gongkai run`); with no registry recorded they are NULL, never
      // "not observed". Counts are index seeks per row over (year, region_code) rather than a GROUP BY, so that
      // `WHERE year = ?`, here or on province_coverage, reaches the reports of that year only (grouped,
      // province_coverage took 200 ms for one year of 10,000 reports; this way 24 ms).
      name: "division_coverage",
      sql: `WITH RECURSIVE years(year) AS (SELECT 2008 UNION ALL SELECT year + 1 FROM years
  WHERE year < ${pg ? "LEAST(GREATEST" : "min(max"}(${thisYear}, coalesce((SELECT max(year) FROM reports), 0)),
    ${thisYear} + 1))
SELECT division, name, level, province_code, province, year, site, verified, enabled, platform, reports, ok, flagged,
  failed, CASE WHEN reports = 0 THEN NULL WHEN flagged > 0 THEN 'flagged' WHEN ok > 0 THEN 'ok' ELSE 'failed' END AS status
FROM (SELECT g.code AS division, g.name, g.level, substr(g.code, 1, 2) || '0000' AS province_code, g.province, y.year,
    s.id AS site, s.verified,
    CASE WHEN s.id IS NOT NULL THEN s.enabled WHEN EXISTS (SELECT 1 FROM sites) THEN 0 END AS enabled, s.platform,
${["reports", "ok", "flagged", "failed"]
  .map(
    (c) =>
      `    (SELECT count(*) FROM reports r WHERE r.year = y.year AND r.region_code = g.code AND r.current = 1${c === "reports" ? "" : ` AND r.status = '${c}'`}) AS ${c}`,
  )
  .join(",\n")}
  FROM regions g CROSS JOIN years y
    LEFT JOIN sites s ON s.id = (SELECT id FROM sites WHERE division = g.code ORDER BY seq LIMIT 1)
  WHERE ${isDivisionSql("g")}) AS d`,
    },
    {
      // Totals of division_coverage by province and year; observed and enabled are NULL with no registry recorded.
      name: "province_coverage",
      sql: `SELECT province_code, province, year, count(*) AS divisions,
  CASE WHEN count(enabled) > 0 THEN count(CASE WHEN verified = 'observed' THEN 1 END) END AS observed,
  sum(enabled) AS enabled, count(CASE WHEN reports > 0 THEN 1 END) AS with_report,
  count(CASE WHEN status = 'ok' THEN 1 END) AS ok, count(CASE WHEN status = 'flagged' THEN 1 END) AS flagged,
  count(CASE WHEN status = 'failed' THEN 1 END) AS failed
FROM division_coverage GROUP BY province_code, province, year`,
    },
    {
      name: "failed_documents",
      sql: `SELECT d.id AS document_id, d.url, d.path, d.sha256, d.media_type, e.parser_version, e.code, e.message, e.loaded_at
FROM load_errors e JOIN documents d ON d.id = e.document_id`,
    },
  ];
}

export function renderViewsSql(metrics: readonly MetricRow[], dialect: Dialect = "sqlite"): string {
  return planViews(metrics, dialect)
    .map((v) => `CREATE VIEW ${v.name} AS\n${v.sql};`)
    .join("\n\n");
}
