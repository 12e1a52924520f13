// `gongkai series`: one agency's (or a region's agencies') numbers across years.
import { openDatabase } from "../load/index.ts";
import { DEFAULT_DB } from "../paths.ts";
import { querySeries, renderCsv } from "../query/index.ts";
import { resolveMetric } from "../query/labels.ts";
import { planSeriesTable, querySeriesView } from "../query/series-view.ts";
import { renderTableJson } from "../query/table.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";
import { BLANK, renderTable } from "./render/table.ts";

export const usage = `Usage: gongkai series (--agency NAME | --region NAME|CODE) [--metric KEY|LABEL…] [--format table|csv|json] [--db FILE|URL]

A time series per agency across years, from current report versions. Quantities that are the same
in the 2019 and 2021 formats continue across them; 2021's three (六) sub-rows are summed into
requests.other (marked *). Quantities whose meaning changed (规章 made → issued, fees) keep their
own keys and only fill the years of their format (see the series_breaks view).

Options:
  --agency NAME         exact name, else a substring
  --region NAME|CODE    every agency in a province, city or county (重庆市, 320800)
  --metric KEY|LABEL    repeatable, a key or Chinese label; default: the headline numbers of each section
  --format table|csv|json  default table; csv is UTF-8 with BOM; json has every year in between,
                        a year without a report as null and listed in missing
  --no-bom              CSV without the BOM
  --db FILE|URL         the dataset (default ${DEFAULT_DB}; or postgres://USER@HOST/DB?schema=NAME)
  -h, --help            this help`;

export function run(args: string[]): Promise<number> {
  return runCommand("series", () => series(args));
}

async function series(args: string[]): Promise<number> {
  const { values } = parseCommandArgs({
    args,
    options: {
      agency: { type: "string" },
      region: { type: "string" },
      metric: { type: "string", multiple: true },
      format: { type: "string" },
      db: { type: "string" },
      "no-bom": { type: "boolean" },
    },
  });
  if (!values.agency && !values.region) throw new UsageError("give --agency NAME or --region NAME|CODE");
  const format = values.format ?? "table";
  if (format !== "table" && format !== "csv" && format !== "json")
    throw new UsageError(`--format must be table, csv or json (got ${format})`);
  const db = openDatabase(values.db ?? DEFAULT_DB, { readonly: true });
  try {
    const metrics = values.metric?.map((m) => resolveMetric(m).key);
    if (format === "json") {
      const view = querySeriesView(db, {
        ...(values.agency ? { agency: values.agency } : {}),
        ...(values.region ? { region: values.region } : {}),
        ...(metrics ? { metrics } : {}),
      });
      const table = JSON.parse(renderTableJson(planSeriesTable(view)));
      process.stdout.write(`${JSON.stringify({ years: view.years, lines: view.lines, table }, null, 1)}\n`);
      return EXIT.OK;
    }
    const { years, lines } = querySeries(db, {
      ...(values.agency ? { agency: values.agency } : {}),
      ...(values.region ? { region: values.region } : {}),
      ...(metrics ? { metrics } : {}),
    });
    const headers = ["agency", "metric", ...years.map(String)];
    if (format === "csv") {
      const csv = renderCsv(
        headers,
        lines.map((l) => [l.agency, l.metric, ...years.map((y) => l.values[y])]),
      );
      process.stdout.write(values["no-bom"] ? csv.replace(/^\uFEFF/, "") : csv);
      return EXIT.OK;
    }
    process.stdout.write(
      renderTable(
        headers,
        lines.map((l) => [
          l.agency,
          l.metric + (l.comparable ? "" : " †"),
          ...years.map((y) => {
            const v = l.values[y];
            return v === undefined ? null : l.bridgedYears.includes(y) && v !== null ? `${v}*` : v;
          }),
        ]),
      ),
    );
    process.stdout.write(
      `\n* sum of the 2021 (六) sub-rows   † not comparable across the 2019 and 2021 formats   ${BLANK} no value\n`,
    );
    return EXIT.OK;
  } finally {
    db.close();
  }
}
