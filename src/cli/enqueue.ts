// `gongkai enqueue`: queue one crawl-and-load job per site for `gongkai worker` processes (docs/queue.md).
import { loadRegistry } from "../crawl/index.ts";
import { DEFAULT_SITES } from "../paths.ts";
import { enqueueSites } from "../queue/index.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";

export const usage = `Usage: gongkai enqueue --db postgres://… [--sites FILE] [--site ID …] [options]

Record the registry in the PostgreSQL dataset and queue one job per enabled site: a worker crawls the
site into the shared frontier, then parses and loads what it fetched. A site whose job is still waiting
is not queued again.

Options:
  --db URL            the dataset, postgres://user@host:port/database?schema=NAME (required)
  --sites FILE        site registry (default ${DEFAULT_SITES})
  --site ID           only this site; repeatable
  --retries N         attempts after the first, when this call creates the queue (default 3)
  --retry-delay-s N   seconds before a failed job is tried again (default 30)
  --expire-s N        a job running longer is taken for dead and retried elsewhere (default 3600)
  --json              print the summary as JSON

Exit status: 0 queued; 1 registry, database or queue error; 2 bad arguments.`;

export function run(args: string[]): Promise<number> {
  return runCommand("enqueue", () => enqueue(args));
}

function whole(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min} (got '${v}')`);
  return n;
}

async function enqueue(args: string[]): Promise<number> {
  const { values } = parseCommandArgs({
    args,
    allowPositionals: false,
    options: {
      db: { type: "string" },
      sites: { type: "string", default: DEFAULT_SITES },
      site: { type: "string", multiple: true },
      retries: { type: "string" },
      "retry-delay-s": { type: "string" },
      "expire-s": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.db) throw new UsageError("--db is required: postgres://user@host:port/database?schema=NAME");
  const retryLimit = whole("retries", values.retries, 0);
  const retryDelaySeconds = whole("retry-delay-s", values["retry-delay-s"], 0);
  const expireSeconds = whole("expire-s", values["expire-s"], 1);
  const sites = await loadRegistry(values.sites);
  const s = await enqueueSites({
    db: values.db,
    sites,
    ...(values.site ? { siteIds: values.site } : {}),
    policy: {
      ...(retryLimit !== undefined ? { retryLimit } : {}),
      ...(retryDelaySeconds !== undefined ? { retryDelaySeconds } : {}),
      ...(expireSeconds !== undefined ? { expireSeconds } : {}),
    },
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify(s, null, 2)}\n`
      : `queued ${s.queued.length} sites (round ${s.round}); ${s.alreadyQueued.length} already waiting\n`,
  );
  return EXIT.OK;
}
