// `gongkai compare`: rank the agencies of a year (and region) by one metric.
import { openDatabase, renderRegionPrefix } from "../load/index.ts";
import { DEFAULT_DB } from "../paths.ts";
import { planCompareTable, queryCompareView } from "../query/compare-view.ts";
import { queryComparison, queryCoverageLine, renderCompareCoverage, renderCsv } from "../query/index.ts";
import { resolveMetric } from "../query/labels.ts";
import { renderTableJson } from "../query/table.ts";
import { EXIT, parseCommandArgs, parseYearArg, runCommand, UsageError } from "./exit.ts";
import { safeText } from "./render/safe-text.ts";
import { renderTable } from "./render/table.ts";

export const usage = `Usage: gongkai compare --year YEAR --metric KEY|LABEL [--region NAME|CODE] [--format table|csv|json] [--db FILE|URL]

Rank every agency with a current report for YEAR by one metric (a key of docs/spec/SCHEMA.md such as
requests.new.total, or its Chinese label: 本年新收, 予以公开; see \`gongkai metrics\`), largest first; blank values come last, unranked. --region keeps the agencies
of a province, city or county and everything under it (重庆市, 江苏省淮安市, or a code: 500000).
For 2021-format reports requests.other.* is the sum of the three (六) sub-rows (marked *).

Options:
  --year YEAR           report year (required)
  --metric KEY          required
  --region NAME|CODE    optional
  --format table|csv|json  default table; csv is UTF-8 with BOM (--no-bom without); json has the
                        Chinese labels, the coverage of the divisions and why values are flagged

The table and json say how many prefecture- and county-level divisions of the region have a report
for YEAR in the dataset ("12 of 38 … have a 2023 report in the dataset"), as the web view does.
  --no-bom              CSV without the BOM
  --db FILE|URL         the dataset (default ${DEFAULT_DB}; or postgres://USER@HOST/DB?schema=NAME)
  -h, --help            this help`;

export function run(args: string[]): Promise<number> {
  return runCommand("compare", () => compare(args));
}

async function compare(args: string[]): Promise<number> {
  const { values } = parseCommandArgs({
    args,
    options: {
      year: { type: "string" },
      metric: { type: "string" },
      region: { type: "string" },
      format: { type: "string" },
      db: { type: "string" },
      "no-bom": { type: "boolean" },
    },
  });
  const year = parseYearArg("year", values.year);
  if (year === undefined) throw new UsageError("--year is required, e.g. --year 2021");
  if (!values.metric) throw new UsageError("--metric is required, e.g. --metric requests.new.total");
  const format = values.format ?? "table";
  if (format !== "table" && format !== "csv" && format !== "json")
    throw new UsageError(`--format must be table, csv or json (got ${format})`);
  const db = openDatabase(values.db ?? DEFAULT_DB, { readonly: true });
  try {
    const metricRow = resolveMetric(values.metric);
    const metric = metricRow.key;
    if (format === "json") {
      const view = queryCompareView(db, { year, metric, ...(values.region ? { region: values.region } : {}) });
      const { coverage, years } = view;
      const table = JSON.parse(renderTableJson(planCompareTable(view)));
      process.stdout.write(
        `${JSON.stringify({ year, metric: view.metric, region: view.region, coverage, years_with_reports: years, ...table }, null, 1)}\n`,
      );
      return EXIT.OK;
    }
    const { region, rows } = queryComparison(db, {
      year,
      metric,
      ...(values.region ? { region: values.region } : {}),
    });
    if (format === "csv") {
      const csv = renderCsv(
        ["rank", "agency", "region_code", "place", "value", "template", "status", "bridged", "report_id"],
        rows.map((r) => [
          r.rank,
          r.agency,
          r.region_code,
          r.place,
          r.value,
          r.template,
          r.status,
          r.bridged,
          r.report_id,
        ]),
      );
      process.stdout.write(values["no-bom"] ? csv.replace(/^\uFEFF/, "") : csv);
      return EXIT.OK;
    }
    const where = region ? `${region.name} (${region.code})` : "all regions";
    const coverage = queryCoverageLine(db, year, region ? renderRegionPrefix(region.code) : "");
    process.stdout.write(
      `${safeText(`${metricRow.label_zh} (${metric}) · ${year} · ${where} · ${rows.length} agencies`)}\n`,
    );
    process.stdout.write(`${safeText(renderCompareCoverage(coverage, year, region))}\n\n`);
    process.stdout.write(
      renderTable(
        ["#", "agency", "place", "value", "template", "status"],
        rows.map((r) => [
          r.rank === null ? "" : String(r.rank),
          r.agency,
          r.place,
          r.bridged && r.value !== null ? `${r.value}*` : r.value,
          r.template,
          r.status,
        ]),
      ),
    );
    if (rows.some((r) => r.bridged)) process.stdout.write("\n* sum of the 2021 (六) sub-rows\n");
    return EXIT.OK;
  } finally {
    db.close();
  }
}
