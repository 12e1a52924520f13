// Soak: hundreds of randomized crawler faults over several misbehaving hosts, then a second run after a
// server changed some reports. Same catalogue as the fast subset in test/crawl/faults.test.ts.
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import {
  crawlSites,
  listDocuments,
  openCrawlDb,
  type CrawlSummary,
  type DocumentRow,
  type Site,
} from "../../src/crawl/index.ts";
import { startFaultServer, type FaultServer } from "../crawl/_fault-server.ts";
import {
  FAULT_KINDS,
  faultListHtml,
  fakePdf,
  planFault,
  recognizeMark,
  reportHtml,
  reportTitle,
  type FaultCase,
  type FaultKind,
  type FaultLimits,
} from "../crawl/_faults.ts";
import { fastOptions, site, tmp } from "../crawl/_helpers.ts";
import { rng } from "../fuzz/_mutants.ts";
import { writeSoakSection } from "./_report.ts";

const URLS = Number(process.env.SOAK_CRAWL_URLS ?? 500);
const SEED = Number(process.env.SOAK_CRAWL_SEED ?? 60_606);
const HOSTS = 4;
const CHANGING = 60;
const LIM: FaultLimits = { bodyTimeoutMs: 500, pageTimeoutMs: 2000, maxBytes: 512 * 1024 };
const MAX_RETRIES = 1;
const HTML = { "Content-Type": "text/html; charset=utf-8" };
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const servers: FaultServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

interface Placed {
  c: FaultCase;
  srv: FaultServer;
  url: string;
}

function options(dir: string, siteIds?: string[]) {
  return fastOptions(dir, {
    bodyTimeoutMs: LIM.bodyTimeoutMs,
    headersTimeoutMs: 1500,
    pageTimeoutMs: LIM.pageTimeoutMs,
    documentTimeoutMs: LIM.pageTimeoutMs,
    maxPageBytes: LIM.maxBytes,
    maxDocumentBytes: LIM.maxBytes,
    maxRetries: MAX_RETRIES,
    retryBaseMs: 10,
    retryCapMs: 100,
    concurrency: HOSTS + 1,
    recognize: recognizeMark,
    ...(siteIds ? { siteIds } : {}),
  });
}

function frontierLeft(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare("SELECT COUNT(*) AS n FROM frontier WHERE state IN ('pending','in_flight')").get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

function docsOf(file: string, runId: number): { docs: DocumentRow[]; ms: Map<number, number> } {
  const db = openCrawlDb(file);
  try {
    const ms = db.prepare("SELECT id, duration_ms AS ms FROM documents WHERE run_id = ?").all(runId) as {
      id: number;
      ms: number | null;
    }[];
    return { docs: listDocuments(db, { runId }), ms: new Map(ms.map((r) => [r.id, r.ms ?? 0])) };
  } finally {
    db.close();
  }
}

it(`${URLS} randomized faulty URLs over ${HOSTS} hosts, then ${CHANGING} reports changed between runs`, async () => {
  const r = rng(SEED);
  const placed: Placed[] = [];
  const sites: Site[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const srv = await startFaultServer();
    servers.push(srv);
    const cases: FaultCase[] = [];
    for (let i = h; i < URLS; i += HOSTS) {
      const kind: FaultKind = FAULT_KINDS[Math.floor(r() * FAULT_KINDS.length)]!;
      cases.push(planFault(kind, i, r, LIM, { attachment: r() < 0.4, transient: r() < 0.3 }));
    }
    for (const c of cases) {
      srv.routes.set(c.path, c.route);
      placed.push({ c, srv, url: `${srv.origin}${c.path}` });
    }
    srv.routes.set("/", () => ({ body: Buffer.from(faultListHtml(cases)), headers: HTML }));
    sites.push(site(`faults-${h}`, `${srv.origin}/`, { concurrency: 16 }));
  }

  // The changing site: each report and PDF has two versions; about half change before the second run.
  const ch = await startFaultServer();
  servers.push(ch);
  let version = 1;
  const changes = Array.from({ length: CHANGING }, (_, i) => ({
    i,
    attachment: r() < 0.4,
    changes: r() < 0.5,
    etag: r() < 0.5,
  }));
  const bytesOf = (x: (typeof changes)[number], v: number) =>
    x.attachment ? fakePdf(x.i * 10 + v, 3000 + x.i) : Buffer.from(reportHtml(x.i, 3000, "utf-8", `第${v}版。`));
  const pathOf = (x: (typeof changes)[number]) => `/c/${x.i}${x.attachment ? ".pdf" : ".html"}`;
  for (const x of changes) {
    ch.routes.set(pathOf(x), () => {
      const v = x.changes ? version : 1;
      return {
        body: bytesOf(x, v),
        headers: {
          ...(x.attachment ? { "Content-Type": "application/pdf" } : HTML),
          ...(x.etag ? { ETag: `"${x.i}-${v}"` } : {}),
        },
      };
    });
  }
  const links = changes.map((x) => `<a href="${pathOf(x)}">${reportTitle(x.i)}${x.attachment ? ".pdf" : ""}</a>`);
  ch.routes.set("/", () => ({ body: Buffer.from(`<html><body>${links.join("")}</body></html>`), headers: HTML }));
  sites.push(site("changing", `${ch.origin}/`, { concurrency: 8 }));

  const dir = tmp();
  const file = join(dir, "crawl.db");
  const recordedAt = new Map<string, number>();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const t0 = Date.now();
  let s1: CrawlSummary;
  try {
    s1 = await crawlSites(sites, {
      ...options(dir),
      onEvent: (e) => {
        if (e.type === "fetch") recordedAt.set(e.url, Date.now());
      },
    });
  } finally {
    clearInterval(sampler);
  }
  const wall1 = Date.now() - t0;
  const left1 = frontierLeft(file);
  const { docs: run1, ms: attemptMs } = docsOf(file, s1.runId);

  version = 2;
  const t1 = Date.now();
  const s2 = await crawlSites(sites, options(dir, ["changing"]));
  const wall2 = Date.now() - t1;
  const left2 = frontierLeft(file);
  const run2 = docsOf(file, s2.runId).docs;
  for (let k = 0; k < 50 && servers.some((s) => s.openSockets() > 0); k++)
    await new Promise((res) => setTimeout(res, 20));
  const openSockets = servers.reduce((n, s) => n + s.openSockets(), 0);

  // Per fault kind: outcome classes, time per attempt and per URL, misclassified and unfinished URLs.
  const byUrl = new Map<string, DocumentRow[]>();
  for (const d of run1) byUrl.set(d.url, [...(byUrl.get(d.url) ?? []), d]);
  const bad: string[] = [];
  const rows = FAULT_KINDS.map((kind) => {
    const of = placed.filter((p) => p.c.kind === kind);
    const classes = new Map<string, number>();
    let maxAttempt = 0,
      maxUrl = 0,
      unexpected = 0,
      unfinished = 0,
      archiveOk = 0,
      archived = 0;
    for (const p of of) {
      const d = byUrl.get(p.url) ?? [];
      if (d.length !== 1) {
        unfinished++;
        bad.push(`${p.url} ${kind}: ${d.length} document rows`);
        continue;
      }
      const doc = d[0]!;
      classes.set(doc.class, (classes.get(doc.class) ?? 0) + 1);
      if (!p.c.expect.includes(doc.class)) {
        unexpected++;
        bad.push(`${p.url} ${kind} (${p.c.note}): ${doc.class}, expected ${p.c.expect.join("/")}`);
      }
      if (doc.archivePath) {
        archived++;
        if (doc.sha256 === sha(p.c.clean) && readFileSync(doc.archivePath).equals(p.c.clean)) archiveOk++;
        else bad.push(`${p.url} ${kind}: archived bytes differ from the accepted answer`);
      }
      maxAttempt = Math.max(maxAttempt, attemptMs.get(doc.id) ?? 0);
      const first = p.srv.times.get(p.c.path)?.[0];
      const end = recordedAt.get(p.url);
      if (first !== undefined && end !== undefined) maxUrl = Math.max(maxUrl, end - first);
    }
    const outcome = [...classes]
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(", ");
    const pages = of.filter((p) => !p.c.attachment).length,
      transient = of.filter((p) => p.c.transient).length;
    return {
      kind,
      line: `| ${kind} | ${of.length} (${pages} pages, ${of.length - pages} PDFs, ${transient} transient) | ${outcome} | ${maxAttempt} | ${maxUrl} | ${unexpected} | ${unfinished} | ${archiveOk}/${archived} |`,
      unexpected,
      unfinished,
    };
  });

  // The changing site, second run.
  const chRows = changes.map((x) => {
    const url = `${ch.origin}${pathOf(x)}`;
    const a = run1.find((d) => d.url === url),
      b = run2.find((d) => d.url === url);
    const kept = [a, b].every(
      (d) =>
        d?.archivePath &&
        existsSync(d.archivePath) &&
        readFileSync(d.archivePath).equals(bytesOf(x, d === a ? 1 : x.changes ? 2 : 1)),
    );
    return { x, first: a?.change ?? "missing", second: b?.change ?? "missing", kept };
  });
  const changed = chRows.filter((c) => c.x.changes),
    same = chRows.filter((c) => !c.x.changes);
  const count = (xs: typeof chRows, ch2: string) => xs.filter((c) => c.second === ch2).length;
  const unfinishedTotal = left1 + left2 + rows.reduce((n, x) => n + x.unfinished, 0);

  await writeSoakSection(
    "soak: crawler faults",
    [
      `${URLS} report pages and PDFs on ${HOSTS} raw-socket fault servers (seed ${SEED}), each URL a random fault kind with random cut points, drip rates, bomb ratios and lying lengths; 40 % linked as PDFs, 30 % transient (only the first request misbehaves; only counts for retryable kinds). Crawl options: body idle timeout ${LIM.bodyTimeoutMs} ms, total ${LIM.pageTimeoutMs} ms, cap ${LIM.maxBytes / 1024} KiB (decoded), ${MAX_RETRIES} retry, 16 requests in flight per host. First run ${(wall1 / 1000).toFixed(1)} s wall, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; ${openSockets} connections left open afterwards; ${unfinishedTotal} URLs left unfinished (pending, in flight or unrecorded — must be 0).`,
      "",
      "| fault | URLs | outcome classes | max ms / attempt | max ms / URL (first request → recorded) | unexpected class | unfinished | archive byte-exact |",
      "|---|---|---|---|---|---|---|---|",
      ...rows.map((x) => x.line),
      "",
      "`bad-utf8` pages (a few invalid bytes in a page labelled UTF-8) read as UTF-8 and are recognised as reports; the parser flags them ENCODING_LOSSY.",
      "",
      `A server that changes reports between runs (${CHANGING} URLs, ${chRows.filter((c) => c.x.attachment).length} PDFs, half with ETags; second run ${(wall2 / 1000).toFixed(1)} s): of ${changed.length} changed, ${count(changed, "changed")} recorded \`changed\`; of ${same.length} untouched, ${count(same, "unchanged")} recorded \`unchanged\`; both versions byte-exact in the archive under their own sha256 for ${chRows.filter((c) => c.kept).length}/${CHANGING}.`,
      "",
      `Run summary, first run: failures by group ${JSON.stringify(s1.failureTotals)}.`,
      ...(bad.length ? ["", "Problems:", ...bad.slice(0, 20).map((b) => `- ${b}`)] : []),
    ].join("\n"),
  );

  expect(bad).toEqual([]);
  expect(unfinishedTotal).toBe(0);
  expect(openSockets).toBe(0);
  expect(s1.status).toBe("finished");
  expect(
    chRows.filter((c) => c.first !== "new" || c.second !== (c.x.changes ? "changed" : "unchanged") || !c.kept),
  ).toEqual([]);
}, 600_000);
