// `gongkai export`: a table or view of the dataset as CSV (UTF-8 with BOM) or JSON.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { openDatabase } from "../load/index.ts";
import { DEFAULT_DB } from "../paths.ts";
import { writeExport } from "../query/index.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";

export const usage = `Usage: gongkai export --format csv|json [--view NAME] [--out FILE] [--db FILE]

Write one table or view of the dataset. The default view, report_wide, has one row per report
(current version) and one column per metric (requests_new_total, …). CSV is UTF-8 with a BOM so
that Excel and WPS show Chinese correctly; blank cells stay empty, never 0. JSON is an array of
objects. Tables and views are described in docs/data-model.md.

Options:
  --format csv|json   required
  --view NAME         a table or view (default report_wide), e.g. facts, current_facts, series, changed_cells
  --out FILE          write here instead of stdout
  --db FILE           the dataset (default ${DEFAULT_DB})
  -h, --help          this help`;

export function run(args: string[]): Promise<number> {
  return runCommand("export", async () => {
    const { values } = parseCommandArgs({
      args,
      options: {
        format: { type: "string" },
        view: { type: "string" },
        out: { type: "string" },
        db: { type: "string" },
      },
    });
    const format = values.format;
    if (format !== "csv" && format !== "json")
      throw new UsageError(`--format must be csv or json (got ${format ?? "nothing"})`);
    // verify: export reads every row, so a damaged file is refused up front rather than half written.
    const db = openDatabase(values.db ?? DEFAULT_DB, { readonly: true, verify: true });
    try {
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      const n = await writeExport(db, out, { format, ...(values.view ? { view: values.view } : {}) });
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
