// `gongkai series`: one agency's (or a region's agencies') numbers across years.
import { parseArgs } from "node:util";
import { DEFAULT_DB_PATH, openDatabase, querySeries, renderCsv, renderErrorLine, renderTable } from "../load/index.ts";

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
  --db FILE             the dataset (default ${DEFAULT_DB_PATH})
  -h, --help            this help`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        agency: { type: "string" },
        region: { type: "string" },
        metric: { type: "string", multiple: true },
        format: { type: "string" },
        db: { type: "string" },
      },
    }));
  } catch (err) {
    process.stderr.write(renderErrorLine("series", err));
    return 2;
  }
  if (!values.agency && !values.region) {
    process.stderr.write("gongkai series: give --agency NAME or --region NAME|CODE\n");
    return 2;
  }
  const format = values.format ?? "table";
  if (format !== "table" && format !== "csv") {
    process.stderr.write(`gongkai series: --format must be table or csv (got ${format})\n`);
    return 2;
  }
  let db;
  try {
    db = openDatabase(values.db ?? DEFAULT_DB_PATH, { readonly: true });
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
      return 0;
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
      "\n* sum of the 2021 (六) sub-rows   † not comparable across the 2019 and 2021 formats   — no value\n",
    );
    return 0;
  } catch (err) {
    process.stderr.write(renderErrorLine("series", err));
    return err instanceof Error && "code" in err && (err.code === "BAD_OPTION" || err.code === "NOT_FOUND") ? 2 : 1;
  } finally {
    db?.close();
  }
}
