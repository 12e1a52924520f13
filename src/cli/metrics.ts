// `gongkai metrics`: the data dictionary.
import { searchMetrics } from "../query/labels.ts";
import { planMetricsTable } from "../query/metrics-table.ts";
import { renderTableCsv, renderTableJson } from "../query/table.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";
import { renderTable } from "./render/table.ts";

export const usage = `Usage: gongkai metrics [SEARCH] [--format table|csv|json] [--labels zh|key] [--no-bom]

Every metric key with the Chinese label the form prints, its section, unit, kind and the forms
(2019, 2021) it exists in. Any --metric option takes either the key or the Chinese label
(本年新收, 予以公开 / 总计, 行政复议). With SEARCH, only the metrics whose label or key match it.

Options:
  --format table|csv|json   default table
  --labels zh|key           CSV header: Chinese labels (default) or keys
  --no-bom                  CSV without the UTF-8 BOM (for pipes and csvkit)
  -h, --help                this help`;

export function run(args: string[]): Promise<number> {
  return runCommand("metrics", async () => {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string" }, labels: { type: "string" }, "no-bom": { type: "boolean" } },
    });
    const format = values.format ?? "table";
    if (!["table", "csv", "json"].includes(format))
      throw new UsageError(`--format must be table, csv or json (got ${format})`);
    if (values.labels && !["zh", "key"].includes(values.labels))
      throw new UsageError(`--labels must be zh or key (got ${values.labels})`);
    const table = planMetricsTable();
    const search = positionals.join(" ").trim();
    if (search) {
      const keys = new Set(searchMetrics(search).map((m) => m.row.key));
      table.rows = table.rows.filter((r) => keys.has(String(r[0])));
    }
    if (format === "csv")
      process.stdout.write(
        renderTableCsv(table, { labels: values.labels === "key" ? "key" : "zh", bom: !values["no-bom"] }),
      );
    else if (format === "json") process.stdout.write(renderTableJson(table));
    else
      process.stdout.write(
        renderTable(
          ["key", "指标", "单位", "类型", "表式"],
          table.rows.map((r) => [r[0], r[1], r[3], r[4], r[5]] as (string | null)[]),
        ),
      );
    return EXIT.OK;
  });
}
