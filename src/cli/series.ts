// `gongkai series`: one agency's (or a region's agencies') numbers across years.
import { openDatabase } from "../load/index.ts";
import { DEFAULT_DB } from "../paths.ts";
import { querySeries, renderCsv } from "../query/index.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";
import { BLANK, renderTable } from "./render/table.ts";

export const usage = `Usage: gongkai series (--agency NAME | --region NAME|CODE) [--metric KEY…] [--format table|csv] [--db FILE]

A time series per agency across years, from current report versions. Quantities that are the same
in the 2019 and 2021 formats continue across them; 2021's three (六) sub-rows are summed into
requests.other (marked *). Quantities whose meaning changed (规章 made → issued, fees) keep their
own keys and only fill the years of their format (see the series_breaks view).

Options:
  --agency NAME         exact name, else a substring
  --region NAME|CODE    every agency in a province, city or county (重庆市, 320800)
  --metric KEY          repeatable; default: the headline numbers of each section
  --format table|csv    default table; csv is UTF-8 with BOM
  --db FILE             the dataset (default ${DEFAULT_DB})
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
    },
  });
  if (!values.agency && !values.region) throw new UsageError("give --agency NAME or --region NAME|CODE");
  const format = values.format ?? "table";
  if (format !== "table" && format !== "csv") throw new UsageError(`--format must be table or csv (got ${format})`);
  const db = openDatabase(values.db ?? DEFAULT_DB, { readonly: true });
  try {
    const { years, lines } = querySeries(db, {
      ...(values.agency ? { agency: values.agency } : {}),
      ...(values.region ? { region: values.region } : {}),
      ...(values.metric ? { metrics: values.metric } : {}),
    });
    const headers = ["agency", "metric", ...years.map(String)];
    if (format === "csv") {
      process.stdout.write(
        renderCsv(
          headers,
          lines.map((l) => [l.agency, l.metric, ...years.map((y) => l.values[y])]),
        ),
      );
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
