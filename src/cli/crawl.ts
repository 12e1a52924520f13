// `gongkai crawl`: fetch reports from the sites in the registry into the crawl database and raw archive.
import { CrawlError, crawlSites, loadRegistry } from "../crawl/index.ts";
import { DEFAULT_CRAWL_DB, DEFAULT_RAW, DEFAULT_SITES } from "../paths.ts";
import { EXIT, parseCommandArgs, runCommand } from "./exit.ts";
import { createReporter, renderSummary } from "./render/progress.ts";
import { safeLines } from "./render/safe-text.ts";

export const usage = `Usage: gongkai crawl [--sites FILE] [--site ID …] [--db FILE] [--raw DIR] [options]

Discover and fetch annual reports politely (1 request in flight per host, ≥ 2 s apart, robots.txt obeyed).
An interrupted run (Ctrl-C, crash, kill -9) resumes where it stopped on the next call.

Options:
  --sites FILE      site registry (default ${DEFAULT_SITES})
  --site ID         crawl only this site; repeatable (default: every enabled site)
  --db FILE         crawl database (default ${DEFAULT_CRAWL_DB})
  --raw DIR         raw archive directory (default ${DEFAULT_RAW})
  --delay-ms N      gap between requests to one host, ms (default 2000; a site's delayMs wins)
  --jitter-ms N     random extra gap, ms (default 1000)
  --concurrency N   hosts fetched at once (default 8)
  --json            print the run summary as JSON on stdout
  --quiet           no progress output

Exit status: 0 run finished (per-URL failures are in the summary), 1 bad registry or database,
2 bad arguments, 3 run stalled or interrupted (resumable).`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CrawlError("BAD_OPTIONS", name, `--${name} must be a number (got '${v}')`);
  return n;
}

export function run(args: string[]): Promise<number> {
  return runCommand("crawl", () => crawl(args));
}

async function crawl(args: string[]): Promise<number> {
  const { values } = parseCommandArgs({
    args,
    allowPositionals: false,
    options: {
      sites: { type: "string", default: DEFAULT_SITES },
      site: { type: "string", multiple: true },
      db: { type: "string", default: DEFAULT_CRAWL_DB },
      raw: { type: "string", default: DEFAULT_RAW },
      "delay-ms": { type: "string" },
      "jitter-ms": { type: "string" },
      concurrency: { type: "string" },
      json: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
    },
  });
  const delayMs = num("delay-ms", values["delay-ms"]);
  const jitterMs = num("jitter-ms", values["jitter-ms"]);
  const concurrency = num("concurrency", values.concurrency);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const reporter = values.quiet ? undefined : createReporter(process.stderr);
  try {
    const sites = await loadRegistry(values.sites);
    const summary = await crawlSites(sites, {
      db: values.db,
      raw: values.raw,
      siteIds: values.site,
      signal: abort.signal,
      onEvent: reporter?.onEvent,
      delayMs,
      jitterMs,
      concurrency,
    });
    reporter?.close();
    process.stdout.write(`${values.json ? JSON.stringify(summary, null, 2) : safeLines(renderSummary(summary))}\n`);
    return summary.status === "finished" ? EXIT.OK : EXIT.INCOMPLETE;
  } catch (e) {
    reporter?.close();
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
