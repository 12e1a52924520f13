// `gongkai site`: the web view as a static site.
import { writeSite } from "../web/site.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";

export const usage = `Usage: gongkai site --db FILE --out DIR [--raw DIR]

Write the web view as static files a newsroom can publish or open from disk: Compare for every
year and the headline metrics, Series per agency, every current report with its archived source
and highlighted cells, Coverage, the metric dictionary; each with its CSV and XLSX. Filters by
prefecture, rates and metrics beyond the headline ones need \`gongkai serve\`; search runs in
the browser.

Options:
  --db FILE|URL  the dataset (required; a file or postgres://USER@HOST/DB?schema=NAME)
  --out DIR    where to write (created)
  --raw DIR    the raw archive, when documents were archived elsewhere
  -h, --help   this help`;

export function run(args: string[]): Promise<number> {
  return runCommand("site", async () => {
    const { values } = parseCommandArgs({
      args,
      options: { db: { type: "string" }, out: { type: "string" }, raw: { type: "string" } },
    });
    if (!values.db || !values.out) throw new UsageError("--db FILE|URL and --out DIR are required");
    const s = await writeSite({ db: values.db, out: values.out, ...(values.raw ? { raw: values.raw } : {}) });
    process.stdout.write(
      `gongkai site: ${s.pages} pages, ${s.files} files → ${values.out}/index.html${s.missingSources ? ` (${s.missingSources} archived documents not found; give --raw DIR)` : ""}\n`,
    );
    return EXIT.OK;
  });
}
