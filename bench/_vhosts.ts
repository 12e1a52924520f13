// Many synthetic government sites on one loopback port, told apart by the Host header (name-based virtual
// hosts under .bench.test, which the crawler resolves to 127.0.0.1 through its `lookup` option). Each host
// serves a realistic annual-report column: a TRS list with createPageHTML paging, report pages, a few PDFs
// and robots.txt. The server logs every request with its arrival time, so the politeness of a crawl is
// checked from what the servers saw, not from what the crawler believes it did.
// Run as a child process (`node _vhosts.js '<json options>'`) it prints its port and writes its log to the
// file named in the options.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { LookupFunction } from "node:net";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export const BENCH_DOMAIN = "bench.test";

/** Shape of one host's column. Requests per host: 1 (robots) + lists + lists × perList + PDFs. */
export interface ColumnShape {
  lists: number;
  perList: number;
  /** Every n-th report page links a PDF attachment (0: none). */
  pdfEvery: number;
}

export interface VhostServerOptions {
  shape: ColumnShape;
  /** Columns of these host names get `singleShape` instead (the no-delay single-host run). */
  single?: { host: string; shape: ColumnShape };
  /** Delay before each answer, ms (a remote server's think time). */
  latencyMs: number;
  /** Append `<ms epoch> <host> <path>` per request to this file. */
  logFile?: string;
  /**
   * What a report page holds: `filler` (recognised as a report, but no tables: crawl benches) or `seed`,
   * the seed 2021 report (test/fixtures/parse/html/) under an agency of its own per host and page, so every
   * page parses and loads as a report of its own (parse-and-load runs). @default "filler"
   */
  reports?: "filler" | "seed";
}

export interface LogEntry {
  at: number;
  host: string;
  path: string;
}

export function vhostName(i: number): string {
  return `s${String(i).padStart(5, "0")}.${BENCH_DOMAIN}`;
}

export function requestsPerHost(s: ColumnShape): number {
  const reports = s.lists * s.perList;
  return 1 + s.lists + reports + (s.pdfEvery ? Math.floor(reports / s.pdfEvery) : 0);
}

/** Resolves every *.bench.test name to 127.0.0.1 and everything else as usual. */
export const benchLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname === BENCH_DOMAIN || hostname.endsWith(`.${BENCH_DOMAIN}`)) {
    if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }] as LookupAddress[]);
    else callback(null, "127.0.0.1", 4);
    return;
  }
  dnsLookup(hostname, options, callback);
};

const FILLER = `<p>${"本机关依法主动公开政府信息，依申请公开政府信息，政府信息公开行政复议、行政诉讼情况。".repeat(20)}</p>`;
const PDF = Buffer.from(
  `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n${"% 政府信息公开工作年度报告\n".repeat(400)}trailer<</Root 1 0 R>>\n%%EOF\n`,
);
const COLUMN = "/xxgk/zfxxgknb/";

const SEED_REPORT = new URL("../test/fixtures/parse/html/seed-2021.utf8.html", import.meta.url);
let seedHtml: string | undefined;

/** Digits as Chinese numerals, so the parser reads the name as an agency's (it wants Han characters). */
function hanDigits(n: number, width: number): string {
  return [...String(n).padStart(width, "0")].map((d) => "零一二三四五六七八九"[Number(d)]).join("");
}

/** The agency a seed report page of this host is written by: one per host and page. */
export function seedAgency(host: string, report: number): string {
  const i = Number(/^s(\d+)\./.exec(host)?.[1] ?? 0);
  return `重庆市梁平区${hanDigits(i, 5)}${hanDigits(report, 3)}局`;
}

function seedPage(host: string, report: number): string {
  // From bench/ or dist-tools/bench/ the fixture is two folders up in the repository (tools are run there).
  seedHtml ??= readFileSync(
    SEED_REPORT.pathname.includes("/dist-tools/")
      ? new URL("../../test/fixtures/parse/html/seed-2021.utf8.html", import.meta.url)
      : SEED_REPORT,
    "utf8",
  );
  return seedHtml.replace(
    /<title>[^<]*<\/title>/,
    `<title>${seedAgency(host, report)}2021年度政府信息公开工作年度报告</title>`,
  );
}

/** The answer for one request (pure). Report k of list page n is a year's report, PDFs on every pdfEvery-th. */
export function vhostAnswer(
  host: string,
  path: string,
  shape: ColumnShape,
  reports: "filler" | "seed" = "filler",
): { status: number; type: string; body: string | Buffer } {
  const name = host.split(":")[0]!;
  if (path === "/robots.txt") return { status: 200, type: "text/plain", body: "User-agent: *\nDisallow: /private/\n" };
  let m = /^\/xxgk\/zfxxgknb\/index(?:_(\d+))?\.html$/.exec(path);
  if (m) {
    const n = Number(m[1] ?? 0);
    if (n >= shape.lists) return { status: 404, type: "text/plain", body: "not found" };
    let items = "";
    for (let k = 0; k < shape.perList; k++) {
      const r = n * shape.perList + k;
      items += `<li><a href="./t${2000 + (r % 25)}_${r}.html" title="${name}${2000 + (r % 25)}年度政府信息公开工作年度报告">${2000 + (r % 25)}年度报告</a><span>2024-01-15</span></li>`;
    }
    return {
      status: 200,
      type: "text/html; charset=utf-8",
      body: `<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul class="list">${items}</ul><script>createPageHTML(${shape.lists}, ${n}, "index", "html");</script></body></html>`,
    };
  }
  m = /^\/xxgk\/zfxxgknb\/t(\d+)_(\d+)\.html$/.exec(path);
  if (m && Number(m[2]) < shape.lists * shape.perList) {
    const r = Number(m[2]);
    if (reports === "seed") return { status: 200, type: "text/html; charset=utf-8", body: seedPage(name, r) };
    const pdf =
      shape.pdfEvery && (r + 1) % shape.pdfEvery === 0
        ? `<p>附件：<a href="./P0${m[1]}_${r}.pdf">${m[1]}年度报告.pdf</a></p>`
        : "";
    return {
      status: 200,
      type: "text/html; charset=utf-8",
      body: `<html><head><meta charset="utf-8"><title>${name}${m[1]}年度政府信息公开工作年度报告</title></head><body><h1>${m[1]}年度政府信息公开工作年度报告</h1>${FILLER}${pdf}</body></html>`,
    };
  }
  if (/^\/xxgk\/zfxxgknb\/P0\d+_\d+\.pdf$/.test(path)) return { status: 200, type: "application/pdf", body: PDF };
  return { status: 404, type: "text/plain", body: "not found" };
}

export function columnStart(host: string, port: number): string {
  return `http://${host}:${port}${COLUMN}index.html`;
}

export interface VhostServer {
  port: number;
  log: LogEntry[];
  close: () => Promise<void>;
}

/** Serve the columns in this process; `log` keeps every request (tests), `logFile` streams it (benches). */
export async function startVhostServer(o: VhostServerOptions, keepLog = true): Promise<VhostServer> {
  const log: LogEntry[] = [];
  const out = o.logFile ? createWriteStream(o.logFile, { flags: "a" }) : undefined;
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    const host = (req.headers.host ?? "").toLowerCase();
    const path = req.url ?? "/";
    if (keepLog) log.push({ at, host, path });
    out?.write(`${at} ${host} ${path}\n`);
    const single = o.single !== undefined && host.split(":")[0] === o.single.host;
    const a = vhostAnswer(host, path, single ? o.single!.shape : o.shape, o.reports);
    const send = () => {
      res.writeHead(a.status, { "content-type": a.type, "content-length": Buffer.byteLength(a.body) });
      res.end(a.body);
    };
    // The single host measures the crawler's own speed, so it answers at once.
    if (o.latencyMs && !single) setTimeout(send, o.latencyMs);
    else send();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    log,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => (out ? out.end(r) : r()));
      }),
  };
}

export interface Politeness {
  hosts: number;
  requests: number;
  /** Smallest gap between two requests to one host, ms. */
  minGapMs: number;
  /** Pairs of consecutive requests to one host closer than the delay. */
  violations: { host: string; gapMs: number; at: number }[];
}

/** Check every host's consecutive requests against the delay (hosts in `except` are not checked). */
export function checkPoliteness(entries: Iterable<LogEntry>, delayMs: number, except?: string): Politeness {
  const last = new Map<string, number>();
  const violations: Politeness["violations"] = [];
  let minGapMs = Infinity,
    requests = 0;
  const sorted = [...entries].sort((a, b) => a.at - b.at);
  for (const e of sorted) {
    if (except && e.host.startsWith(`${except}:`)) continue;
    requests++;
    const prev = last.get(e.host);
    if (prev !== undefined) {
      const gap = e.at - prev;
      minGapMs = Math.min(minGapMs, gap);
      if (gap < delayMs) violations.push({ host: e.host, gapMs: gap, at: e.at });
    }
    last.set(e.host, e.at);
  }
  return { hosts: last.size, requests, minGapMs, violations };
}

export function readLogFile(file: string): LogEntry[] {
  const out: LogEntry[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [at, host, path] = line.split(" ");
    if (at && host && path) out.push({ at: Number(at), host, path });
  }
  return out;
}

// As a child process: serve until killed.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const s = await startVhostServer(JSON.parse(process.argv[2] ?? "{}") as VhostServerOptions, false);
  // SIGTERM flushes the log before exiting, so the parent reads every request.
  process.on("SIGTERM", () => void s.close().then(() => process.exit(0)));
  console.log(s.port);
}
