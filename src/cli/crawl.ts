// `gongkai crawl`: fetch reports from the sites in the registry into the crawl database and raw archive.
import { parseArgs } from "node:util";
import { CrawlError, createReporter, crawlSites, loadRegistry, renderSummary } from "../crawl/index.ts";

export const usage = `Usage: gongkai crawl [--sites FILE] [--site ID …] [--db FILE] [--raw DIR] [options]

Discover and fetch annual reports politely (1 request in flight per host, ≥ 2 s apart, robots.txt obeyed).
An interrupted run (Ctrl-C, crash, kill -9) resumes where it stopped on the next call.

Options:
  --sites FILE      site registry (default data/sites.json)
  --site ID         crawl only this site; repeatable (default: every enabled site)
  --db FILE         crawl database (default data/crawl.db)
  --raw DIR         raw archive directory (default data/raw)
  --delay-ms N      gap between requests to one host, ms (default 2000; a site's delayMs wins)
  --jitter-ms N     random extra gap, ms (default 1000)
  --concurrency N   hosts fetched at once (default 8)
  --json            print the run summary as JSON on stdout
  --quiet           no progress output

Exit status: 0 run finished (per-URL failures are in the summary), 1 bad arguments or registry,
3 run stalled or interrupted (resumable).`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CrawlError("BAD_OPTIONS", name, `--${name} must be a number (got '${v}')`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      allowPositionals: false,
      options: {
        sites: { type: "string", default: "data/sites.json" },
        site: { type: "string", multiple: true },
        db: { type: "string", default: "data/crawl.db" },
        raw: { type: "string", default: "data/raw" },
        "delay-ms": { type: "string" },
        "jitter-ms": { type: "string" },
        concurrency: { type: "string" },
        json: { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`gongkai crawl: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
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
      delayMs: num("delay-ms", values["delay-ms"]),
      jitterMs: num("jitter-ms", values["jitter-ms"]),
      concurrency: num("concurrency", values.concurrency),
    });
    reporter?.close();
    process.stdout.write(`${values.json ? JSON.stringify(summary, null, 2) : renderSummary(summary)}\n`);
    return summary.status === "finished" ? 0 : 3;
  } catch (e) {
    reporter?.close();
    process.stderr.write(`gongkai crawl: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof CrawlError && e.code === "STALLED" ? 3 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
