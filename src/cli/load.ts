// `gongkai load <files or folders…>`: parse local documents and load them into the dataset, through
// the same door and under the same lock as `gongkai run`.
import { acquireLock, ingestFiles } from "../ingest/index.ts";
import { checkpointDatabase, openDatabase } from "../load/index.ts";
import { DEFAULT_DB, lockFileOf } from "../paths.ts";
import { EXIT, parseCommandArgs, renderErrorLine, runCommand, UsageError } from "./exit.ts";
import { renderBar } from "./render/progress.ts";
import { safeText } from "./render/safe-text.ts";

export const usage = `Usage: gongkai load <file or folder…> [--db FILE|URL] [--durable] [--wait SECONDS] [--quiet]

Parse report files (.txt, .html/.htm/.shtml, .pdf; saved \`gongkai parse --json\` results as
*.parse.json) and load them into the SQLite dataset. Folders are walked recursively.
Loading the same file again changes nothing; a changed file for the same agency and year becomes a
new version (the old one is kept, the changed cells are recorded). A file that does not parse is
recorded with its error and the batch goes on.

Only one writer at a time: while \`gongkai run\` (or another load) holds the dataset's lock, load
waits up to --wait seconds (default 0) and then exits 75, leaving the other run alone.

Options:
  --db FILE|URL   the dataset (default ${DEFAULT_DB}; or postgres://USER@HOST/DB?schema=NAME)
  --durable       synchronous = FULL: survive power loss, slower
  --wait SECONDS  wait this long for another writer to finish (default 0)
  --quiet         no progress bar or per-file lines
  -h, --help      this help

Exit status: 0 the batch finished (failed documents are listed on stderr); 1 the database could
not be written; 2 bad arguments or a missing file; 75 another run holds the lock.`;

export function run(args: string[]): Promise<number> {
  return runCommand("load", async () => {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        db: { type: "string" },
        durable: { type: "boolean" },
        wait: { type: "string" },
        quiet: { type: "boolean" },
      },
    });
    if (!positionals.length) throw new UsageError("no files or folders given (see gongkai load --help)");
    const wait = values.wait === undefined ? 0 : Number(values.wait);
    if (!(wait >= 0)) throw new UsageError(`--wait must be a number of seconds (got '${values.wait}')`);
    const dbPath = values.db ?? DEFAULT_DB;
    const tty = Boolean(process.stderr.isTTY) && !values.quiet;
    const lock = await acquireLock(lockFileOf(dbPath), { waitMs: wait * 1000 });
    try {
      const db = openDatabase(dbPath, { durable: values.durable ?? false });
      try {
        const summary = await ingestFiles(db, positionals, {
          onOutcome: (o, done, total) => {
            if (o.outcome === "failed") {
              const msg = o.message ?? "failed";
              const line = renderErrorLine("load", msg.includes(o.source) ? msg : `${o.source}: ${msg}`);
              process.stderr.write(`${tty ? "\r\x1b[2K" : ""}${line}`);
            }
            if (tty) process.stderr.write(renderBar(done, total ?? done, safeText(o.source)));
          },
        });
        if (tty) process.stderr.write("\r\x1b[2K");
        checkpointDatabase(db);
        const c = summary.counts;
        process.stdout.write(
          `${dbPath}: ${summary.documents} files: ${c.new} new, ${c.changed} changed, ${c.reparsed} reparsed, ${c.rendition} renditions, ${c.unchanged} unchanged, ${c.failed} failed\n`,
        );
        return EXIT.OK;
      } finally {
        db.close();
      }
    } finally {
      await lock.release();
    }
  });
}
