// Child process of `npm run bench national`: one crawl over the virtual hosts, alone in its process so its
// RSS is the crawler's. Prints one JSON line: pages, wall and CPU time, RSS samples, the run summary.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeHeapSnapshot } from "node:v8";
import { crawlSites, SiteSchema, type Site } from "../src/crawl/index.ts";
import { benchLookup, columnStart } from "./_vhosts.ts";

export interface CrawlJob {
  port: number;
  /** Host names to crawl (one site each). */
  hosts: string[];
  delayMs: number;
  jitterMs: number;
  concurrency: number;
  /** Requests in flight per host (the single-host run). */
  perHost: number;
  /** 0 for the single-host run: no adaptive gap, so it measures the crawler and not the politeness. */
  adaptiveFactor?: number;
  dir: string;
}

export interface CrawlResult {
  pages: number;
  wallMs: number;
  cpuMs: number;
  /** RSS after every 1,000 fetched pages, bytes. */
  rssEvery1000: number[];
  maxRss: number;
  reports: number;
  failed: number;
}

export function jobSites(job: CrawlJob): Site[] {
  return job.hosts.map((h, i) =>
    SiteSchema.parse({
      id: `s${i}`,
      name: h,
      start: columnStart(h, job.port),
      verified: "fixture",
      allowPrivateAddresses: true, // the virtual hosts resolve to 127.0.0.1
      ...(job.perHost > 1 ? { concurrency: job.perHost } : {}),
    }),
  );
}

async function main(job: CrawlJob): Promise<void> {
  const rssEvery1000: number[] = [];
  let pages = 0,
    maxRss = process.memoryUsage().rss;
  const tick = setInterval(() => {
    const m = process.memoryUsage();
    maxRss = Math.max(maxRss, m.rss);
    if (process.env.BENCH_MEMORY_TRACE)
      console.error(
        `${pages} pages: rss ${m.rss >> 20} heap ${m.heapUsed >> 20}/${m.heapTotal >> 20} external ${m.external >> 20} arrayBuffers ${m.arrayBuffers >> 20} MiB`,
      );
  }, 1000);
  const t0 = performance.now(),
    c0 = process.cpuUsage();
  const summary = await crawlSites(jobSites(job), {
    db: join(job.dir, "crawl.db"),
    raw: join(job.dir, "raw"),
    delayMs: job.delayMs,
    jitterMs: job.jitterMs,
    concurrency: job.concurrency,
    ...(job.adaptiveFactor !== undefined ? { adaptiveFactor: job.adaptiveFactor } : {}),
    lookup: benchLookup,
    onEvent: (e) => {
      if (e.type === "fetch" && ++pages === Number(process.env.BENCH_HEAP_SNAPSHOT))
        writeHeapSnapshot(join(job.dir, `crawl-${pages}.heapsnapshot`)); // measuring what holds memory
      if (e.type === "fetch" && pages % 1000 === 0) {
        const rss = process.memoryUsage().rss;
        rssEvery1000.push(rss);
        maxRss = Math.max(maxRss, rss);
      }
    },
  });
  const c = process.cpuUsage(c0);
  clearInterval(tick);
  const result: CrawlResult = {
    pages,
    wallMs: performance.now() - t0,
    cpuMs: (c.user + c.system) / 1000,
    rssEvery1000,
    maxRss: Math.max(maxRss, process.resourceUsage().maxRSS * 1024),
    reports: summary.reports.new + summary.reports.changed + summary.reports.unchanged,
    failed: Object.values(summary.failures).reduce((a, b) => a + b, 0),
  };
  console.log(JSON.stringify(result));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(JSON.parse(process.argv[2] ?? "{}") as CrawlJob);
