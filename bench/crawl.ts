// `npm run bench crawl`: the crawler against a synthetic TRS site on 127.0.0.1 (served by a child
// process), compared in the same run with a bare undici loop fetching the same URLs at the same
// concurrency, and with Debian's python3-scrapy crawling the same site with equivalent settings.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "undici";
import { crawlSites, SiteSchema } from "../src/crawl/index.ts";
import type { BenchSection } from "./index.ts";

const LISTS = 392; // 392 list pages × 50 reports + 392 ≈ 20,000 pages
const PER_LIST = 50;
const CONCURRENCY = 8;
/** Scrapy runs at ~100 pages/s here; a 4,000-page sample keeps the bench within about two minutes. */
const SCRAPY_PAGES = 4000;

const SERVER_JS = `
import { createServer } from "node:http";
const L = ${LISTS}, K = ${PER_LIST};
const filler = "<p>" + "本机关依法主动公开政府信息，依申请公开政府信息，政府信息公开行政复议、行政诉讼情况。".repeat(20) + "</p>";
const s = createServer((req, res) => {
  const u = req.url;
  let m;
  if (u === "/robots.txt") { res.writeHead(200, { "content-type": "text/plain" }); return res.end("User-agent: *\\nDisallow: /private/\\n"); }
  if ((m = /^\\/list\\/index(?:_(\\d+))?\\.html$/.exec(u))) {
    const n = Number(m[1] ?? 0);
    let items = "";
    for (let k = 0; k < K; k++) items += '<li><a href="/r/' + n + '-' + k + '.html" title="某县' + (2000 + (k % 25)) + '年度政府信息公开工作年度报告' + n + '-' + k + '">报告</a></li>';
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end('<html><head><meta charset="utf-8"></head><body><ul>' + items + '</ul><script>createPageHTML(' + L + ', ' + n + ', "index", "html");</script></body></html>');
  }
  if (u.startsWith("/r/")) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end('<html><head><meta charset="utf-8"><title>' + u + '</title></head><body><h1>' + u + '</h1>' + filler + '</body></html>');
  }
  res.writeHead(404); res.end("no");
});
s.listen(0, "127.0.0.1", () => console.log(s.address().port));
`;

const SPIDER_PY = `
import hashlib, os, re, sys, scrapy
from scrapy.crawler import CrawlerProcess
ORIGIN, OUT = sys.argv[1], sys.argv[2]
class S(scrapy.Spider):
    name = "gk"
    start_urls = [ORIGIN + "/list/index.html"]
    def parse(self, response):
        self.save(response)
        if "/list/" not in response.url:
            return
        for a in response.css("a"):
            t = a.attrib.get("title", "")
            if "年度报告" in t and re.search(r"(19|20)\\d\\d", t):
                yield response.follow(a.attrib["href"], self.parse)
        m = re.search(r'createPageHTML\\((\\d+), (\\d+), "(\\w+)", "(\\w+)"\\)', response.text)
        if m and int(m.group(2)) + 1 < int(m.group(1)):
            yield response.follow("%s_%d.%s" % (m.group(3), int(m.group(2)) + 1, m.group(4)), self.parse)
    def save(self, response):
        h = hashlib.sha256(response.body).hexdigest()
        d = os.path.join(OUT, h[:2], h[2:4]); os.makedirs(d, exist_ok=True)
        p = os.path.join(d, h)
        if not os.path.exists(p):
            with open(p, "wb") as f: f.write(response.body)
p = CrawlerProcess(settings={"CONCURRENT_REQUESTS": ${CONCURRENCY}, "CONCURRENT_REQUESTS_PER_DOMAIN": ${CONCURRENCY}, "DOWNLOAD_DELAY": 0,
  "ROBOTSTXT_OBEY": True, "RETRY_ENABLED": True, "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "ERROR",
  "JOBDIR": os.path.join(OUT, "job"), "CLOSESPIDER_PAGECOUNT": ${SCRAPY_PAGES}, "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7"})
c = p.create_crawler(S)
p.crawl(c); p.start()
st = c.stats.get_stats()
print("RESULT", st.get("response_received_count", 0), st.get("elapsed_time_seconds", 0))
`;

async function startSite(dir: string): Promise<{ origin: string; child: ChildProcess }> {
  const file = join(dir, "server.mjs");
  writeFileSync(file, SERVER_JS);
  const child = spawn(process.execPath, [file], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    child.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  return { origin: `http://127.0.0.1:${port}`, child };
}

function allUrls(origin: string): string[] {
  const urls = [`${origin}/robots.txt`];
  for (let n = 0; n < LISTS; n++) {
    urls.push(`${origin}/list/index${n ? `_${n}` : ""}.html`);
    for (let k = 0; k < PER_LIST; k++) urls.push(`${origin}/r/${n}-${k}.html`);
  }
  return urls;
}

async function bareLoop(urls: string[]): Promise<{ ms: number; cpuMs: number }> {
  const agent = new Agent({ connections: CONCURRENCY });
  const t0 = performance.now(),
    c0 = process.cpuUsage();
  let i = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (i < urls.length) {
        const u = new URL(urls[i++]!);
        const res = await agent.request({ origin: u.origin, path: u.pathname, method: "GET" });
        await res.body.arrayBuffer();
      }
    }),
  );
  const c = process.cpuUsage(c0);
  await agent.close();
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

function scrapyAvailable(): boolean {
  const probe = () => {
    try {
      execFileSync("/usr/bin/python3", ["-c", "import scrapy"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (probe()) return true;
  try {
    // the bench may install Debian's scrapy; tests never need it
    execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore", timeout: 120_000 });
    execFileSync("apt-get", ["install", "-y", "-qq", "python3-scrapy"], { stdio: "ignore", timeout: 300_000 });
  } catch {
    return false; // no apt or no network: reported as "not measured"
  }
  return probe();
}

function runScrapy(dir: string, origin: string): { pages: number; ms: number; wallMs: number } | undefined {
  const file = join(dir, "spider.py");
  writeFileSync(file, SPIDER_PY);
  const t0 = performance.now();
  const out = execFileSync("/usr/bin/python3", [file, origin, join(dir, "scrapy-raw")], {
    encoding: "utf8",
    timeout: 600_000,
    maxBuffer: 16 * 2 ** 20,
  });
  const wallMs = performance.now() - t0;
  const m = /RESULT (\d+) ([\d.]+)/.exec(out);
  return m ? { pages: Number(m[1]), ms: Number(m[2]) * 1000, wallMs } : undefined;
}

export async function bench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-bench-crawl-"));
  const { origin, child } = await startSite(dir);
  try {
    const urls = allUrls(origin);
    await bareLoop(urls.slice(0, 2000)); // warm up the server and the JIT
    const bare = await bareLoop(urls);

    const rss: number[] = [];
    let fetched = 0;
    const site = SiteSchema.parse({
      id: "bench",
      name: "bench",
      start: `${origin}/list/index.html`,
      delayMs: 0,
      concurrency: CONCURRENCY,
      verified: "fixture",
      allowPrivateAddresses: true, // the benchmark's server is on 127.0.0.1
    });
    const t0 = performance.now(),
      c0 = process.cpuUsage();
    const summary = await crawlSites([site], {
      db: join(dir, "crawl.db"),
      raw: join(dir, "raw"),
      delayMs: 0,
      jitterMs: 0,
      adaptiveFactor: 0,
      concurrency: CONCURRENCY,
      onEvent: (e) => {
        if (e.type === "fetch" && ++fetched % 1000 === 0) rss.push(process.memoryUsage().rss);
      },
    });
    const c = process.cpuUsage(c0);
    const ours = { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, pages: summary.pagesFetched + 1 };

    const scrapy = scrapyAvailable() ? runScrapy(dir, origin) : undefined;
    const pps = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);
    const mib = (b: number | undefined) => (b === undefined ? "?" : (b / 2 ** 20).toFixed(0));
    const overheadMs = (ours.ms - bare.ms) / urls.length;
    const rows = [
      "| Crawler | Pages | Wall s | Pages/s | CPU ms/page |",
      "|---|---:|---:|---:|---:|",
      `| bare undici loop (baseline, known URL list, no parsing or storage) | ${urls.length} | ${(bare.ms / 1000).toFixed(1)} | ${pps(urls.length, bare.ms)} | ${(bare.cpuMs / urls.length).toFixed(3)} |`,
      `| gongkai crawl | ${ours.pages} | ${(ours.ms / 1000).toFixed(1)} | ${pps(ours.pages, ours.ms)} | ${(ours.cpuMs / ours.pages).toFixed(3)} |`,
      scrapy
        ? `| scrapy (Debian python3-scrapy, JOBDIR on; first ${SCRAPY_PAGES} pages) | ${scrapy.pages} | ${(scrapy.ms / 1000).toFixed(1)} (process ${(scrapy.wallMs / 1000).toFixed(1)}) | ${pps(scrapy.pages, scrapy.ms)} | — |`
        : "| scrapy | not measured (python3-scrapy unavailable) | | | |",
    ];
    return {
      title: "crawl",
      markdown: [
        `Synthetic TRS column on 127.0.0.1 (separate server process): ${LISTS} list pages × ${PER_LIST} report pages (~4 KB each), robots.txt;`,
        `${CONCURRENCY} requests in flight to the one host for every crawler, no delay. gongkai discovers links, decodes, recognises reports with the parser,`,
        "archives every body by SHA-256 and commits each transition to SQLite (WAL); the scrapy spider follows the same links and writes bodies content-addressed.",
        "",
        ...rows,
        "",
        `Per-request overhead vs the bare loop: ${overheadMs.toFixed(2)} ms of wall time per request (target ≤ 2 ms); ${(ours.cpuMs / ours.pages - bare.cpuMs / urls.length).toFixed(3)} ms CPU per page.`,
        scrapy
          ? `Pages/s vs scrapy: ${(Number(pps(ours.pages, ours.ms)) / Number(pps(scrapy.pages, scrapy.ms))).toFixed(2)}× (target ≥ 1×).`
          : "Pages/s vs scrapy: not measured.",
        `RSS every 1,000 pages (MiB): ${rss.map(mib).join(", ")} — first ${mib(rss[0])}, last ${mib(rss.at(-1))}.`,
      ].join("\n"),
    };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
