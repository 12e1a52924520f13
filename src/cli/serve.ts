// `gongkai serve`: the read-only web view of a dataset.
import { existsSync } from "node:fs";
import { isPostgresUrl } from "../db/index.ts";
import { DEFAULT_DB } from "../paths.ts";
import { startServer } from "../web/server.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";

export const usage = `Usage: gongkai serve [--db FILE|URL] [--host 127.0.0.1] [--port 8080] [--raw DIR]

A local web view of the dataset, in Chinese: Compare (rank agencies by a metric, by Chinese label
or key), Series (an agency or region across years), Report (every table as printed, each number
linked to the archived document with its cell highlighted), Search (narratives) and Coverage.
Every page has CSV and XLSX downloads and a shareable URL. The database is opened read-only;
nothing is fetched from the internet. Stop with Ctrl-C.

Options:
  --db FILE|URL  the dataset (default ${DEFAULT_DB}; or postgres://USER@HOST/DB?schema=NAME)
  --host ADDR    default 127.0.0.1 (this machine only)
  --port N       default 8080; 0 picks a free port
  --raw DIR      the raw archive, when documents were archived elsewhere (default: their recorded path)
  -h, --help     this help

Exit: 0 after Ctrl-C; 1 when the server cannot start; 2 for bad options or a missing dataset.`;

export function run(args: string[]): Promise<number> {
  return runCommand("serve", async () => {
    const { values } = parseCommandArgs({
      args,
      options: { db: { type: "string" }, host: { type: "string" }, port: { type: "string" }, raw: { type: "string" } },
    });
    const port = values.port === undefined ? 8080 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be 0–65535 (got ${values.port})`);
    const db = values.db ?? DEFAULT_DB;
    if (!isPostgresUrl(db) && !existsSync(db))
      throw new UsageError(`no dataset at ${db}; give --db FILE (npm run demo writes data/demo-run/gongkai.db)`);
    const running = await startServer({
      db,
      host: values.host ?? "127.0.0.1",
      port,
      ...(values.raw ? { raw: values.raw } : {}),
    });
    process.stdout.write(`gongkai serve: ${running.url}/  (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await running.close();
    return EXIT.OK;
  });
}
