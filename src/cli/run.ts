// `gongkai run`: the nightly job. One line in cron; a summary on stderr/stdout and in a JSON file.
import {
  LockError,
  planFailedSummary,
  runPipeline,
  type RunOptions,
  type RunSummary,
  writeRunSummary,
} from "../ingest/index.ts";
import { DEFAULT_DB, DEFAULT_RAW, DEFAULT_SITES, resolveRunOptions } from "../paths.ts";
import { EXIT, exitCodeOf, parseCommandArgs, parseYearArg, renderErrorLine, runCommand, UsageError } from "./exit.ts";
import { createReporter } from "./render/progress.ts";
import { renderRunSummary } from "./render/run-summary.ts";

export const usage = `Usage: gongkai run [--sites FILE] [--db FILE|URL] [--raw DIR] [--year N] [options]

Crawl every site in the registry, then parse and load every report that is new or changed since the
last run. Only one run at a time (a lock beside the database; a stale lock from a dead run is taken
over). A run killed at any point is finished by the next one.

Options:
  --sites FILE      site registry (default ${DEFAULT_SITES})
  --db FILE|URL     the dataset (default ${DEFAULT_DB}; or postgres://USER@HOST/DB?schema=NAME); the crawl database is crawl.db beside it
  --crawl-db FILE   the crawl database (default: crawl.db in the dataset's folder)
  --raw DIR         raw archive of every fetched body (default ${DEFAULT_RAW})
  --year N          report year every site should have by now, 2008 to next year (default: the latest year past its 31 March deadline)
  --site ID         only this site; repeatable
  --summary FILE    write the run summary as JSON here (default: last-run.json beside the database)
  --no-crawl        only parse and load what the archive already holds
  --delay-ms N      gap between requests to one host, ms (default 2000; a site's delayMs wins)
  --jitter-ms N     random extra gap, ms (default 1000)
  --concurrency N   hosts fetched at once (default 8)
  --json            print the summary as JSON on stdout
  --quiet           no progress output

Exit status: 0 the run completed (sites that were down, blocked or unparseable are in the summary);
1 the run itself failed (registry or database); 2 bad arguments; 3 the crawl stalled, or the run was
interrupted by SIGINT/SIGTERM (it stops after the transaction in progress and releases the lock;
resumable: run again); 75 another run (or a \`gongkai load\`) holds the lock. The summary's "ok" is
true only with exit 0.`;

export function run(args: string[]): Promise<number> {
  return runCommand("run", () => runNightly(args));
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number (got '${v}')`);
  return n;
}

async function runNightly(args: string[]): Promise<number> {
  const { values } = parseCommandArgs({
    args,
    allowPositionals: false,
    options: {
      sites: { type: "string", default: DEFAULT_SITES },
      db: { type: "string", default: DEFAULT_DB },
      "crawl-db": { type: "string" },
      raw: { type: "string", default: DEFAULT_RAW },
      year: { type: "string" },
      site: { type: "string", multiple: true },
      summary: { type: "string" },
      "no-crawl": { type: "boolean", default: false },
      "delay-ms": { type: "string" },
      "jitter-ms": { type: "string" },
      concurrency: { type: "string" },
      json: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
    },
  });
  const d = num("delay-ms", values["delay-ms"]);
  const j = num("jitter-ms", values["jitter-ms"]);
  const c = num("concurrency", values.concurrency);
  const year = parseYearArg("year", values.year);
  const summaryFile = resolveRunOptions({ db: values.db, summary: values.summary }).summary;
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const reporter = values.quiet ? undefined : createReporter(process.stderr);
  const started = new Date();
  let summary: RunSummary;
  try {
    const crawl: NonNullable<RunOptions["crawl"]> = {
      ...(reporter ? { onEvent: reporter.onEvent } : {}),
      ...(d !== undefined ? { delayMs: d } : {}),
      ...(j !== undefined ? { jitterMs: j } : {}),
      ...(c !== undefined ? { concurrency: c } : {}),
    };
    summary = await runPipeline({
      sites: values.sites,
      db: values.db,
      raw: values.raw,
      noCrawl: values["no-crawl"],
      signal: abort.signal,
      crawl,
      ...(values["crawl-db"] ? { crawlDb: values["crawl-db"] } : {}),
      ...(year !== undefined ? { year } : {}),
      ...(values.site ? { siteIds: values.site } : {}),
    });
  } catch (e) {
    reporter?.close();
    const code = e instanceof LockError ? e.code : ((e as { code?: string }).code ?? "ERROR");
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(renderErrorLine("run", e));
    summary = planFailedSummary(started, new Date(), { code, message }, abort.signal.aborted);
    // A second run refused by the lock must not overwrite the summary of the run that holds it.
    if (!(e instanceof LockError))
      await writeRunSummary(summaryFile, summary).catch(() => undefined /* the error above is what matters */);
    return exitCodeOf(e);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  reporter?.close();
  await writeRunSummary(summaryFile, summary);
  process.stdout.write(`${values.json ? JSON.stringify(summary, null, 2) : renderRunSummary(summary)}\n`);
  return summary.ok ? EXIT.OK : EXIT.INCOMPLETE;
}
