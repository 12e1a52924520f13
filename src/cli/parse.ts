// `gongkai parse <file…>`: a readable summary, or the docs/spec/SCHEMA.md object with --json (NDJSON for
// several files). A file that is not a report gets one line on stderr naming it; the others go on.
import { readFile } from "node:fs/promises";
import { ParseError, parseDocument } from "../parse/index.ts";
import { EXIT, parseCommandArgs, renderErrorLine, runCommand, UsageError } from "./exit.ts";
import { COLOR, PLAIN, renderParseResult } from "./render/parse-result.ts";

export const usage = `Usage: gongkai parse <file…> [--json] [--pretty]

Parse government information disclosure annual reports (.txt, .html/.htm, .pdf; sniffed by
content, not only by extension) and print their tables, checks and flags.

Options:
  --json      print the parse result object of docs/spec/SCHEMA.md (one JSON object per line for several files)
  --pretty    with --json, indent the JSON
  --no-color  plain text even on a terminal
  -h, --help  this help

Exit status: 0 when every file was recognised as a report (even if checks fail); 1 when any file
could not be read or is not a report (each gets one line on stderr naming it); 2 bad arguments.`;

export function run(args: string[]): Promise<number> {
  return runCommand("parse", () => parseFiles(args));
}

async function parseFiles(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean" }, pretty: { type: "boolean" }, "no-color": { type: "boolean" } },
  });
  if (positionals.length === 0) throw new UsageError("no input files (see gongkai parse --help)");
  const style = process.stdout.isTTY && !values["no-color"] && !process.env.NO_COLOR ? COLOR : PLAIN;
  let failures = 0;
  for (const path of positionals) {
    try {
      const bytes = await readFile(path);
      const result = await parseDocument({ bytes, path });
      process.stdout.write(
        values.json
          ? `${JSON.stringify(result, null, values.pretty ? 2 : undefined)}\n`
          : `${renderParseResult(result, style)}\n\n`,
      );
    } catch (err) {
      failures++;
      const msg =
        err instanceof ParseError
          ? err.message
          : err instanceof Error && "code" in err
            ? `UNREADABLE ${path}: ${err.message}`
            : `UNREADABLE ${path}: ${String(err)}`;
      process.stderr.write(renderErrorLine("parse", msg));
    }
  }
  return failures ? EXIT.FAILED : EXIT.OK;
}
