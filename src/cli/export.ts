// `gongkai export`: a table or view of the dataset as CSV (UTF-8 with BOM) or JSON.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { DEFAULT_DB_PATH, openDatabase, renderErrorLine, writeExport } from "../load/index.ts";

export const usage = `Usage: gongkai export --format csv|json [--view NAME] [--out FILE] [--db FILE]

Write one table or view of the dataset. The default view, report_wide, has one row per report
(current version) and one column per metric (requests_new_total, …). CSV is UTF-8 with a BOM so
that Excel and WPS show Chinese correctly; blank cells stay empty, never 0. JSON is an array of
objects. Tables and views are described in docs/data-model.md.

Options:
  --format csv|json   required
  --view NAME         a table or view (default report_wide), e.g. facts, current_facts, series, changed_cells
  --out FILE          write here instead of stdout
  --db FILE           the dataset (default ${DEFAULT_DB_PATH})
  -h, --help          this help`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        format: { type: "string" },
        view: { type: "string" },
        out: { type: "string" },
        db: { type: "string" },
      },
    }));
  } catch (err) {
    // A closed pipe (`gongkai export … | head`) is the reader's choice, not an error.
    if (err instanceof Error && "code" in err && err.code === "EPIPE") return 0;
    process.stderr.write(renderErrorLine("export", err));
    return 2;
  }
  if (values.format !== "csv" && values.format !== "json") {
    process.stderr.write(`gongkai export: --format must be csv or json (got ${values.format ?? "nothing"})\n`);
    return 2;
  }
  let db;
  try {
    db = openDatabase(values.db ?? DEFAULT_DB_PATH, { readonly: true });
    const out = values.out ? createWriteStream(values.out) : process.stdout;
    const n = await writeExport(db, out, { format: values.format, ...(values.view ? { view: values.view } : {}) });
    if (values.out) {
      out.end();
      await once(out, "finish");
      process.stderr.write(`gongkai export: ${n} rows → ${values.out}\n`);
    }
    return 0;
  } catch (err) {
    // A closed pipe (`gongkai export … | head`) is the reader's choice, not an error.
    if (err instanceof Error && "code" in err && err.code === "EPIPE") return 0;
    process.stderr.write(renderErrorLine("export", err));
    return err instanceof Error && "code" in err && (err.code === "BAD_OPTION" || err.code === "NOT_FOUND") ? 2 : 1;
  } finally {
    db?.close();
  }
}
