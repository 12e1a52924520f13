// `gongkai load <files or folders…>`: parse local documents and load them into the dataset.
import { parseArgs } from "node:util";
import {
  checkpointDatabase,
  DEFAULT_DB_PATH,
  type FileOutcome,
  loadFiles,
  openDatabase,
  renderErrorLine,
} from "../load/index.ts";

export const usage = `Usage: gongkai load <file or folder…> [--db FILE] [--durable] [--quiet]

Parse report files (.txt, .html/.htm/.shtml, .pdf; saved \`gongkai parse --json\` results as
*.parse.json) and load them into the SQLite dataset. Folders are walked recursively.
Loading the same file again changes nothing; a changed file for the same agency and year becomes a
new version (the old one is kept, the changed cells are recorded). A file that does not parse is
recorded with its error and the batch goes on.

Options:
  --db FILE    the dataset (default ${DEFAULT_DB_PATH})
  --durable    synchronous = FULL: survive power loss, slower
  --quiet      no progress bar or per-file lines
  -h, --help   this help

Exit status: 0 when the batch finished (failed documents are listed on stderr), 2 on bad
arguments, 1 when the database could not be written.`;

const BAR = 28;

function renderProgress(done: number, total: number, o: FileOutcome): string {
  const filled = Math.round((done / Math.max(total, 1)) * BAR);
  const name = o.path.length > 40 ? `…${o.path.slice(-39)}` : o.path;
  return `\r\x1b[2K[${"#".repeat(filled)}${".".repeat(BAR - filled)}] ${done}/${total} ${name}`;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: "string" }, durable: { type: "boolean" }, quiet: { type: "boolean" } },
    });
  } catch (err) {
    process.stderr.write(renderErrorLine("load", err));
    return 2;
  }
  const { values, positionals } = parsed;
  if (!positionals.length) {
    process.stderr.write(`gongkai load: no files or folders given\n\n${usage}\n`);
    return 2;
  }
  const dbPath = values.db ?? DEFAULT_DB_PATH;
  const tty = Boolean(process.stderr.isTTY) && !values.quiet;
  try {
    const db = openDatabase(dbPath, { durable: values.durable ?? false });
    try {
      const summary = await loadFiles(db, positionals, {
        onProgress: (done, total, o) => {
          if (o.status === "failed") {
            const msg = o.error?.message ?? "failed";
            process.stderr.write(
              `${tty ? "\r\x1b[2K" : ""}gongkai load: ${msg.includes(o.path) ? msg : `${o.path}: ${msg}`}\n`,
            );
          }
          if (tty) process.stderr.write(renderProgress(done, total, o));
        },
      });
      if (tty) process.stderr.write("\r\x1b[2K");
      checkpointDatabase(db);
      const c = summary.counts;
      process.stdout.write(
        `${dbPath}: ${summary.files} files: ${c.new} new, ${c.changed} changed, ${c.reparsed} reparsed, ${c.unchanged} unchanged, ${c.failed} failed\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  } catch (err) {
    process.stderr.write(renderErrorLine("load", err));
    return err instanceof Error && "code" in err && err.code === "NOT_FOUND" ? 2 : 1;
  }
}
