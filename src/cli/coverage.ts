// `gongkai coverage`: for each division, whether the registry has its column, whether the dataset has its report
// for the year and in what state; totals by province.
import { loadRegistry } from "../crawl/index.ts";
import { expectedYear } from "../ingest/index.ts";
import { openDatabase } from "../load/index.ts";
import { DEFAULT_DB, DEFAULT_SITES } from "../paths.ts";
import {
  type CoverageLine,
  planDivisionCoverage,
  planProvinceTotals,
  queryDivisionReports,
  queryDivisions,
  renderCoverageLine,
  renderCsv,
} from "../query/index.ts";
import { resolveProvince } from "./_province.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";
import { renderTable } from "./render/table.ts";

export const usage = `Usage: gongkai coverage [--year N] [--province CODE|NAME] [--format table|csv|json] [--db FILE] [--sites PATH]

What the dataset has and what it is missing. Without --province: totals by province (divisions, observed
columns in the registry, enabled, divisions with a report for the year, of which ok and flagged). With
--province: one line per division of that province (its registry entry, verification, platform, reports for
the year and their status). csv and json give the per-division lines (all provinces unless --province).

Options:
  --year N              report year (default: the latest year past its 31 March deadline)
  --province CODE|NAME  33, 330000, 浙江 or 浙江省
  --format table|csv|json   default table
  --db FILE             the dataset (default ${DEFAULT_DB})
  --sites PATH          the registry (default ${DEFAULT_SITES})
  -h, --help            this help`;

const LINE_HEADERS = ["division", "name", "level", "site", "verified", "enabled", "platform", "reports", "status"];
const lineCells = (l: CoverageLine) => [
  l.division,
  l.name,
  l.level,
  l.site,
  l.verified,
  l.enabled ? "yes" : "no",
  l.platform,
  l.reports,
  l.status,
];

export function run(args: string[]): Promise<number> {
  return runCommand("coverage", async () => {
    const { values } = parseCommandArgs({
      args,
      options: {
        year: { type: "string" },
        province: { type: "string" },
        format: { type: "string" },
        db: { type: "string" },
        sites: { type: "string" },
      },
    });
    const format = values.format ?? "table";
    if (!["table", "csv", "json"].includes(format))
      throw new UsageError(`--format must be table, csv or json (got ${format})`);
    const year = values.year === undefined ? expectedYear(new Date()) : Number(values.year);
    if (!Number.isInteger(year) || year < 2008 || year > new Date().getUTCFullYear())
      throw new UsageError(`--year must be a year from 2008 to this year (got ${values.year})`);
    const province = values.province ? resolveProvince(values.province) : undefined;
    const registry = await loadRegistry(values.sites ?? DEFAULT_SITES);
    const db = openDatabase(values.db ?? DEFAULT_DB, { readonly: true });
    let lines: CoverageLine[];
    try {
      lines = planDivisionCoverage(queryDivisions(db), registry, queryDivisionReports(db, year));
    } finally {
      db.close();
    }
    if (province) lines = lines.filter((l) => l.division.startsWith(province));
    if (format === "json") process.stdout.write(`${JSON.stringify({ year, divisions: lines }, null, 2)}\n`);
    else if (format === "csv") process.stdout.write(renderCsv(LINE_HEADERS, lines.map(lineCells)));
    else {
      const totals = planProvinceTotals(lines);
      const withReport = lines.filter((l) => l.reports > 0).length;
      process.stdout.write(
        province
          ? renderTable(LINE_HEADERS, lines.map(lineCells))
          : renderTable(
              ["province", "code", "divisions", "observed", "enabled", `with ${year} report`, "ok", "flagged"],
              totals.map((t) => [
                t.province,
                t.province_code,
                t.divisions,
                t.observed,
                t.enabled,
                t.with_report,
                t.ok,
                t.flagged,
              ]),
            ),
      );
      process.stdout.write(`\n${renderCoverageLine(withReport, lines.length, year)}\n`);
    }
    return EXIT.OK;
  });
}
