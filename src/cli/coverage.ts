// `gongkai coverage`: for each division, whether the registry has its column, whether the dataset has its report
// for the year and in what state; totals by province. Read from the dataset's division_coverage and
// province_coverage views (src/query/division-coverage.ts), so the command and a query of the views agree.
import { expectedYear } from "../ingest/index.ts";
import { openDatabase } from "../load/index.ts";
import { DEFAULT_DB } from "../paths.ts";
import {
  type CoverageLine,
  type ProvinceTotals,
  queryDivisionCoverage,
  queryProvinceCoverage,
  queryRecordedRegistry,
  type RecordedRegistry,
  renderCoverageLine,
  renderCsv,
} from "../query/index.ts";
import { resolveProvince } from "./_province.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";
import { renderTable } from "./render/table.ts";

export const usage = `Usage: gongkai coverage [--year N] [--province CODE|NAME] [--format table|csv|json] [--db FILE|URL]

What the dataset has and what it is missing. Without --province: totals by province (divisions, observed
columns in the registry, enabled, divisions with a report for the year, of which ok and flagged). With
--province: one line per division of that province (its registry entry, verification, platform, reports for
the year and their status). csv gives the per-division lines (all provinces unless --province); json gives
the lines, the totals and the registry the dataset holds.

The same figures are views of the dataset: division_coverage and province_coverage (docs/data-model.md). The
registry columns are the registry the last \`gongkai run\` recorded in the dataset (\`gongkai run --no-crawl\`
records it without crawling); a dataset that holds none leaves them blank.

Options:
  --year N              report year (default: the latest year past its 31 March deadline)
  --province CODE|NAME  33, 330000, 浙江 or 浙江省
  --format table|csv|json   default table
  --db FILE|URL         the dataset (default ${DEFAULT_DB}; or postgres://USER@HOST/DB?schema=NAME)
  -h, --help            this help`;

const LINE_HEADERS = ["division", "name", "level", "site", "verified", "enabled", "platform", "reports", "status"];
const lineCells = (l: CoverageLine) => [
  l.division,
  l.name,
  l.level,
  l.site,
  l.verified,
  l.enabled === null ? null : l.enabled ? "yes" : "no",
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
      },
    });
    const format = values.format ?? "table";
    if (!["table", "csv", "json"].includes(format))
      throw new UsageError(`--format must be table, csv or json (got ${format})`);
    const year = values.year === undefined ? expectedYear(new Date()) : Number(values.year);
    if (!Number.isInteger(year) || year < 2008 || year > new Date().getUTCFullYear())
      throw new UsageError(`--year must be a year from 2008 to this year (got ${values.year})`);
    const prefix = values.province ? resolveProvince(values.province) : "";
    const db = openDatabase(values.db ?? DEFAULT_DB, { readonly: true });
    let lines: CoverageLine[];
    let totals: ProvinceTotals[];
    let registry: RecordedRegistry | null;
    try {
      lines = queryDivisionCoverage(db, year, prefix);
      totals = queryProvinceCoverage(db, year, prefix);
      registry = queryRecordedRegistry(db);
    } finally {
      db.close();
    }
    if (!registry)
      process.stderr.write(
        "coverage: the dataset holds no site registry (`gongkai run` records it; `gongkai run --no-crawl` without crawling): the registry columns are blank\n",
      );
    if (format === "json")
      process.stdout.write(`${JSON.stringify({ year, registry, provinces: totals, divisions: lines }, null, 2)}\n`);
    else if (format === "csv") process.stdout.write(renderCsv(LINE_HEADERS, lines.map(lineCells)));
    else {
      const withReport = lines.filter((l) => l.reports > 0).length;
      process.stdout.write(
        prefix
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
