// `gongkai worker`: take site jobs from the queue, crawl and load them (docs/queue.md). Run as many as
// you like, on one machine or several sharing the raw archive.
import { DEFAULT_RAW } from "../paths.ts";
import { planResolve, resolvingLookup, runWorker } from "../queue/index.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";
import { safeText } from "./render/safe-text.ts";

export const usage = `Usage: gongkai worker --db postgres://… [--raw DIR] [--concurrency N] [--until-idle] [options]

Take site jobs queued by \`gongkai enqueue\`: crawl the site into the shared frontier (one request in
flight per host across all workers, the host's delay kept across them), then parse and load what was
fetched into the dataset. A worker killed at any point loses nothing: its job expires and another worker
resumes it.

Options:
  --db URL            the dataset, postgres://user@host:port/database?schema=NAME (required)
  --raw DIR           raw archive, the same path for every worker (default ${DEFAULT_RAW})
  --concurrency N     sites worked on at once in this process (default 1)
  --until-idle        exit once no job is waiting, running or due for a retry
  --delay-ms N        gap between requests to one host, ms (default 2000; a site's delayMs wins)
  --jitter-ms N       random extra gap, ms (default 1000)
  --resolve NAME=IP   answer NAME (or *.DOMAIN) with IP instead of DNS; repeatable
  --poll-s N          seconds between looks at an empty queue (default 2)
  --maintenance-s N   seconds between passes that retry the jobs of dead workers (default 30)
  --quiet             no line per job on stderr

Exit status: 0 stopped with the queue empty (--until-idle); 1 database or queue error; 2 bad
arguments; 3 interrupted by SIGINT/SIGTERM (its jobs are retried by other workers).`;

export function run(args: string[]): Promise<number> {
  return runCommand("worker", () => worker(args));
}

function number(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min} (got '${v}')`);
  return n;
}

async function worker(args: string[]): Promise<number> {
  const { values } = parseCommandArgs({
    args,
    allowPositionals: false,
    options: {
      db: { type: "string" },
      raw: { type: "string", default: DEFAULT_RAW },
      concurrency: { type: "string" },
      "until-idle": { type: "boolean", default: false },
      "delay-ms": { type: "string" },
      "jitter-ms": { type: "string" },
      resolve: { type: "string", multiple: true },
      "poll-s": { type: "string" },
      "maintenance-s": { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  if (!values.db) throw new UsageError("--db is required: postgres://user@host:port/database?schema=NAME");
  const concurrency = number("concurrency", values.concurrency, 1);
  if (concurrency !== undefined && !Number.isInteger(concurrency))
    throw new UsageError(`--concurrency must be a whole number (got '${values.concurrency}')`);
  const delayMs = number("delay-ms", values["delay-ms"], 0);
  const jitterMs = number("jitter-ms", values["jitter-ms"], 0);
  const pollSeconds = number("poll-s", values["poll-s"], 0.5);
  const maintenanceSeconds = number("maintenance-s", values["maintenance-s"], 1);
  const rules = (values.resolve ?? []).map(planResolve);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const s = await runWorker({
      db: values.db,
      raw: values.raw,
      untilIdle: values["until-idle"],
      signal: abort.signal,
      crawl: { ...(delayMs !== undefined ? { delayMs } : {}), ...(jitterMs !== undefined ? { jitterMs } : {}) },
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(rules.length ? { lookup: resolvingLookup(rules) } : {}),
      ...(pollSeconds !== undefined ? { pollSeconds } : {}),
      ...(maintenanceSeconds !== undefined ? { maintenanceSeconds } : {}),
      ...(values.quiet
        ? {}
        : {
            onJob: (e) =>
              process.stderr.write(
                `${e.type} ${safeText(e.site)}${e.type === "failed" ? `: ${safeText(e.message)}` : e.type === "done" ? ` crawl ${e.crawlMs} ms, load ${e.loadMs} ms ${JSON.stringify(e.counts)}` : ` (attempt ${e.attempt})`}\n`,
              ),
          }),
    });
    process.stdout.write(`worker: ${s.jobs} jobs done, ${s.failed} failed attempts\n`);
    return abort.signal.aborted ? EXIT.INCOMPLETE : EXIT.OK;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
