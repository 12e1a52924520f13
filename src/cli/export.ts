// `gongkai export`: a table or view of the dataset as CSV (UTF-8 with BOM), JSON, NDJSON or XLSX; or a
// citable release directory; or Datasette metadata.
import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { openDatabase } from "../load/index.ts";
import { DEFAULT_DB } from "../paths.ts";
import { planDatasetteMetadata } from "../query/datasette.ts";
import { writeExport } from "../query/index.ts";
import { planMetricsTable } from "../query/metrics-table.ts";
import { planNotesTable } from "../query/notes.ts";
import { writeRelease } from "../query/release.ts";
import { renderTableCsv, renderTableNdjson } from "../query/table.ts";
import { planViewTable } from "../query/view-table.ts";
import { renderXlsx } from "../query/xlsx.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";

export const usage = `Usage: gongkai export --format csv|json|ndjson|xlsx [--view NAME…] [--out FILE] [--db FILE|URL]
       gongkai export --release DIR [--db FILE|URL]
       gongkai export --datasette FILE [--db FILE|URL]

Write one table or view of the dataset. The default view, report_wide, has one row per report
(current version) and one column per metric (requests_new_total, …). Blank cells stay empty, never
0; counts are whole numbers, 万元 amounts keep their decimals. Tables and views are described in
docs/data-model.md; \`gongkai metrics\` lists every metric with its Chinese label.

  csv      UTF-8 with a BOM (Excel, WPS); --labels zh for Chinese headers; --no-bom for pipes
  json     an array of objects;  ndjson: one object per line
  xlsx     one sheet per --view (repeatable), Chinese headers, and a 说明 sheet: what every
           column means, and the data dictionary (needs --out)
  --release DIR    a citable release: facts.csv (long, with provenance), reports.csv (wide),
                   metrics.csv, coverage.csv, a Frictionless datapackage.json (every file and
                   column, parser version, dataset checksum), metadata.json for Datasette, SHA256SUMS
  --datasette FILE metadata.json for \`datasette gongkai.db -m FILE\` (column labels, units, facets)

Options:
  --format FORMAT     csv, json, ndjson or xlsx
  --view NAME         a table or view (default report_wide), e.g. current_facts, series, changed_cells
  --labels zh|key     CSV headers: the ASCII keys (default) or Chinese labels
  --no-bom            CSV without the UTF-8 BOM
  --out FILE          write here instead of stdout
  --db FILE|URL       the dataset (default ${DEFAULT_DB}; or postgres://USER@HOST/DB?schema=NAME)
  -h, --help          this help`;

const FORMATS = ["csv", "json", "ndjson", "xlsx"] as const;
/** Excel's limit is 1,048,576 rows per sheet, the header included. */
const XLSX_MAX_ROWS = 1_048_575;

export function run(args: string[]): Promise<number> {
  return runCommand("export", async () => {
    const { values } = parseCommandArgs({
      args,
      options: {
        format: { type: "string" },
        view: { type: "string", multiple: true },
        out: { type: "string" },
        db: { type: "string" },
        labels: { type: "string" },
        "no-bom": { type: "boolean" },
        release: { type: "string" },
        datasette: { type: "string" },
      },
    });
    const format = values.format as (typeof FORMATS)[number] | undefined;
    if (!values.release && !values.datasette && !FORMATS.includes(format as (typeof FORMATS)[number]))
      throw new UsageError(`--format must be csv, json, ndjson or xlsx (got ${values.format ?? "nothing"})`);
    if (values.labels && values.labels !== "zh" && values.labels !== "key")
      throw new UsageError(`--labels must be zh or key (got ${values.labels})`);
    if (format === "xlsx" && !values.out) throw new UsageError("--format xlsx needs --out FILE");
    // verify: export reads every row, so a damaged file is refused up front rather than half written.
    const db = openDatabase(values.db ?? DEFAULT_DB, { readonly: true, verify: true });
    try {
      if (values.release) {
        const r = writeRelease(db, values.release);
        process.stderr.write(
          `gongkai export: release → ${values.release}/ (${r.files.map((f) => `${f.path} ${f.rows} rows`).join(", ")}; dataset sha256 ${r.checksum.slice(0, 16)}…)\n`,
        );
        return EXIT.OK;
      }
      if (values.datasette) {
        writeFileSync(values.datasette, `${JSON.stringify(planDatasetteMetadata(db), null, 2)}\n`);
        process.stderr.write(`gongkai export: Datasette metadata → ${values.datasette}\n`);
        return EXIT.OK;
      }
      const views = values.view?.length ? values.view : ["report_wide"];
      if (format === "xlsx") {
        const tables = views.map((v) => planViewTable(db, v));
        const big = tables.find((t) => t.rows.length > XLSX_MAX_ROWS);
        if (big)
          throw new UsageError(
            `${big.name} has ${big.rows.length} rows, more than an Excel sheet holds; use --format csv (or --release DIR)`,
          );
        const dictionary = planMetricsTable();
        writeFileSync(
          values.out as string,
          renderXlsx([...tables, planNotesTable(tables), { ...dictionary, title: "指标说明" }]),
        );
        process.stderr.write(
          `gongkai export: ${tables.map((t) => `${t.name} ${t.rows.length} rows`).join(", ")} → ${values.out}\n`,
        );
        return EXIT.OK;
      }
      const view = views[0] as string;
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      let n: number;
      if (format === "ndjson" || (format === "csv" && values.labels === "zh")) {
        const t = planViewTable(db, view);
        const text =
          format === "ndjson" ? renderTableNdjson(t) : renderTableCsv(t, { labels: "zh", bom: !values["no-bom"] });
        if (!out.write(text)) await once(out, "drain");
        n = t.rows.length;
      } else {
        n = await writeExport(db, out, { format: format as "csv" | "json", view, bom: !values["no-bom"] });
      }
      if (values.out) {
        out.end();
        await once(out, "finish");
        process.stderr.write(`gongkai export: ${n} rows → ${values.out}\n`);
      }
      return EXIT.OK;
    } finally {
      db.close();
    }
  });
}
