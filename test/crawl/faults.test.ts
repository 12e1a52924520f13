// Crawler fault injection, fast fixed-seed subset (the randomized soak is test/soak/crawl-faults).
// A raw-socket server misbehaves on purpose; every URL must end in a recorded, classified outcome, the
// archive must hold exactly the bytes that were accepted, and nothing may hang.
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlSites, listDocuments, openCrawlDb, type CrawlSummary, type DocumentRow } from "../../src/crawl/index.ts";
import { rng } from "../fuzz/_mutants.ts";
import { startFaultServer, type FaultReply, type FaultServer } from "./_fault-server.ts";
import {
  FAULT_KINDS,
  faultListHtml,
  fakePdf,
  gzipBomb,
  planFault,
  recognizeMark,
  reportHtml,
  reportTitle,
  type FaultCase,
  type FaultLimits,
} from "./_faults.ts";
import { fastOptions, site, tmp } from "./_helpers.ts";

// Small timeouts so every fault fires within seconds, yet wide enough that a busy CI machine does not
// turn a clean answer into a timeout.
const LIM: FaultLimits = { bodyTimeoutMs: 500, pageTimeoutMs: 2000, maxBytes: 256 * 1024 };
const MAX_RETRIES = 1;
const options = (dir: string) =>
  fastOptions(dir, {
    bodyTimeoutMs: LIM.bodyTimeoutMs,
    headersTimeoutMs: 1500,
    pageTimeoutMs: LIM.pageTimeoutMs,
    documentTimeoutMs: LIM.pageTimeoutMs,
    maxPageBytes: LIM.maxBytes,
    maxDocumentBytes: LIM.maxBytes,
    maxRetries: MAX_RETRIES,
    retryBaseMs: 10,
    retryCapMs: 50,
    recognize: recognizeMark,
  });
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function docs(dbFile: string, q: { runId?: number } = {}): DocumentRow[] {
  const db = openCrawlDb(dbFile);
  try {
    return listDocuments(db, q);
  } finally {
    db.close();
  }
}
function frontierStates(dbFile: string): Record<string, number> {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare("SELECT state, COUNT(*) AS n FROM frontier GROUP BY state").all() as {
      state: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}

describe("every fault ends in a recorded, classified outcome", () => {
  let srv: FaultServer;
  let dir: string;
  let summary: CrawlSummary;
  let ms: number;
  const cases: FaultCase[] = [];
  beforeAll(async () => {
    srv = await startFaultServer();
    const r = rng(6006);
    let i = 0;
    for (const kind of FAULT_KINDS) {
      cases.push(planFault(kind, i++, r, LIM));
      cases.push(planFault(kind, i++, r, LIM, { attachment: true }));
    }
    for (const kind of ["reset", "drip-idle", "length-long"] as const)
      cases.push(planFault(kind, i++, r, LIM, { transient: true }));
    for (const c of cases) srv.routes.set(c.path, c.route);
    srv.routes.set("/", () => ({
      body: Buffer.from(faultListHtml(cases)),
      headers: { "Content-Type": "text/html; charset=utf-8" },
    }));
    dir = tmp();
    const t0 = Date.now();
    summary = await crawlSites([site("faults", `${srv.origin}/`, { concurrency: 16 })], options(dir));
    ms = Date.now() - t0;
  }, 20_000);
  afterAll(async () => {
    await srv.close();
  });

  it("finishes quickly: no URL is left pending or in flight", () => {
    expect(summary.status).toBe("finished");
    expect(ms).toBeLessThan(10_000);
    const states = frontierStates(join(dir, "crawl.db"));
    expect(states.pending ?? 0).toBe(0);
    expect(states.in_flight ?? 0).toBe(0);
  });

  it("classifies each fault", () => {
    const rows = docs(join(dir, "crawl.db"));
    // One document row per URL (retries reschedule, they do not record), in one of the expected classes.
    const got = cases.map((c) => {
      const d = rows.filter((x) => x.url === `${srv.origin}${c.path}`).map((x) => x.class);
      return {
        kind: c.kind,
        attachment: c.attachment,
        transient: c.transient,
        classes: d.length === 1 && c.expect.includes(d[0]!) ? "expected" : d,
      };
    });
    expect(got).toEqual(
      cases.map((c) => ({ kind: c.kind, attachment: c.attachment, transient: c.transient, classes: "expected" })),
    );
  });

  it("retries network faults and timeouts, not caps", () => {
    for (const c of cases) {
      const hits = srv.hits.get(c.path);
      if (c.transient) expect(hits, c.kind).toBe(2);
      else if (c.expect[0] === "network" || c.expect[0] === "timeout")
        expect(hits, `${c.kind} ${c.path}`).toBe(MAX_RETRIES + 1);
      else expect(hits, `${c.kind} ${c.path}`).toBe(1);
    }
  });

  it("archives exactly the accepted bytes, decoded gzip included; failures archive nothing", () => {
    const rows = docs(join(dir, "crawl.db"));
    for (const c of cases) {
      const d = rows.find((x) => x.url === `${srv.origin}${c.path}`)!;
      if (d.class === "report" || d.class === "attachment" || d.class === "not_report") {
        expect(d.sha256, c.kind).toBe(sha(c.clean));
        expect(readFileSync(d.archivePath!).equals(c.clean), c.kind).toBe(true);
      } else {
        expect(d.archivePath, c.kind).toBeNull();
        expect(d.errorCode, c.kind).toBe(d.class.toUpperCase());
      }
    }
  });

  it("records the charset used: GBK bytes under a UTF-8 label or none decode as GB18030", () => {
    const rows = docs(join(dir, "crawl.db"));
    const of = (kind: string) =>
      rows.find((d) => d.url === `${srv.origin}${cases.find((c) => c.kind === kind)!.path}`)!;
    expect(of("gbk-as-utf8").charset).toBe("gb18030");
    expect(of("gbk-undeclared").charset).toBe("gb18030");
    expect(["utf-8", "gb18030"]).toContain(of("bad-utf8").charset);
    expect(of("gzip-ok").mediaType).toBe("text/html");
  });

  // Known fault in src/parse/decode.ts (owned by the parse stage): a page labelled
  // UTF-8 whose invalid bytes leave more U+FFFD than a GB18030 reading does is decoded as GB18030 mojibake,
  // so a real report is filed as not_report. The archive keeps the bytes; a re-parse after the fix finds it.
  it("a report labelled UTF-8 with a few invalid bytes still reads as UTF-8", () => {
    const rows = docs(join(dir, "crawl.db"));
    for (const c of cases.filter((x) => x.kind === "bad-utf8")) {
      const d = rows.find((x) => x.url === `${srv.origin}${c.path}`)!;
      expect([d.class, d.charset]).toEqual(["report", "utf-8"]);
    }
  });

  it("bounds the time spent on any one attempt by the timeouts", () => {
    const db = new Database(join(dir, "crawl.db"), { readonly: true });
    const worst = (db.prepare("SELECT MAX(duration_ms) AS ms FROM documents").get() as { ms: number }).ms;
    db.close();
    expect(worst).toBeLessThan(LIM.pageTimeoutMs + 1500); // the total timer, plus event-loop lag on a busy machine
  });

  it("leaves no connection open once the crawl is over", async () => {
    for (let k = 0; k < 50 && srv.openSockets() > 0; k++) await new Promise((r) => setTimeout(r, 20));
    expect(srv.openSockets()).toBe(0);
  });

  it("the summary counts the failures by group", () => {
    const n = (cls: string) => cases.filter((c) => c.expect[0] === cls && !c.transient).length;
    expect(summary.failureTotals.network).toBe(n("network") + n("timeout"));
    expect(summary.failureTotals.too_large).toBe(n("too_large"));
  });
});

describe("a server that changes a report between two runs", () => {
  let srv: FaultServer;
  let dir: string;
  let version = 1;
  const page = (v: number) => Buffer.from(reportHtml(1, 3000, "utf-8", `第${v}版。`));
  const pdf = (v: number) => fakePdf(v, 3000);
  const still = Buffer.from(reportHtml(2, 3000, "utf-8"));
  const list = `<html><body><a href="/r1.html">${reportTitle(1)}</a><a href="/r1.pdf">${reportTitle(1)}.pdf</a><a href="/r2.html">${reportTitle(2)}</a></body></html>`;
  beforeAll(async () => {
    srv = await startFaultServer();
    const html = { "Content-Type": "text/html; charset=utf-8" };
    srv.routes.set("/", () => ({ body: Buffer.from(list), headers: html }));
    // Gov servers often send no validators, and some send ones that change with every byte: both cases.
    srv.routes.set("/r1.html", () => ({ body: page(version), headers: html }));
    srv.routes.set("/r1.pdf", () => ({
      body: pdf(version),
      headers: { "Content-Type": "application/pdf", ETag: `"v${version}"` },
    }));
    srv.routes.set("/r2.html", () => ({ body: still, headers: html }));
    dir = tmp();
    await crawlSites([site("changing", `${srv.origin}/`)], options(dir));
    version = 2;
    await crawlSites([site("changing", `${srv.origin}/`)], options(dir));
  }, 20_000);
  afterAll(async () => {
    await srv.close();
  });

  it("the second run marks the report and attachment changed, the untouched report unchanged", () => {
    const file = join(dir, "crawl.db");
    const first = docs(file, { runId: 1 }),
      second = docs(file, { runId: 2 });
    const pick = (rows: DocumentRow[], p: string) => rows.find((d) => d.url === `${srv.origin}${p}`)!;
    expect([pick(first, "/r1.html").change, pick(second, "/r1.html").change]).toEqual(["new", "changed"]);
    expect([pick(first, "/r1.pdf").change, pick(second, "/r1.pdf").change]).toEqual(["new", "changed"]);
    expect(pick(second, "/r2.html").change).toBe("unchanged");
    expect(pick(second, "/r1.html").class).toBe("report");
  });

  it("keeps both versions in the archive, each under its own sha256", () => {
    const file = join(dir, "crawl.db");
    for (const [p, make] of [
      ["/r1.html", page],
      ["/r1.pdf", pdf],
    ] as const) {
      for (const run of [1, 2]) {
        const d = docs(file, { runId: run }).find((x) => x.url === `${srv.origin}${p}`)!;
        expect(d.sha256).toBe(sha(make(run)));
        expect(existsSync(d.archivePath!)).toBe(true);
        expect(readFileSync(d.archivePath!).equals(make(run))).toBe(true);
      }
    }
  });
});

describe("a robots.txt that misbehaves closes its host for the run, recorded", () => {
  // RFC 9309 §2.3.1.4: an unreachable robots.txt means "assume complete disallow"; the run must still end.
  const robots = {
    reset: { body: Buffer.from("User-agent: *\nAllow: /\n"), cutAt: 5 },
    drip: { body: Buffer.from("User-agent: *\nAllow: /\n"), dripMs: LIM.bodyTimeoutMs * 2, dripBytes: 1 },
    "gzip-bomb": {
      body: gzipBomb(Buffer.from("User-agent: *\n"), 8 * 2 ** 20),
      headers: { "Content-Encoding": "gzip" },
    }, // robots cap: 512 KiB
  } satisfies Record<string, FaultReply>;
  it.each(Object.entries(robots))(
    "robots.txt %s: the site's pages end skipped as robots_unavailable",
    async (_name, reply) => {
      const srv = await startFaultServer();
      try {
        srv.routes.set("/robots.txt", () => reply);
        srv.routes.set("/", () => ({ body: Buffer.from(faultListHtml([])), headers: { "Content-Type": "text/html" } }));
        const dir = tmp();
        const s = await crawlSites([site("robots", `${srv.origin}/`)], options(dir));
        expect(s.status).toBe("finished");
        expect(s.failures).toEqual({ robots_unavailable: 1 });
        expect(srv.hits.get("/") ?? 0).toBe(0);
        const states = frontierStates(join(dir, "crawl.db"));
        expect(states).toEqual({ skipped: 1 });
      } finally {
        await srv.close();
      }
    },
    10_000,
  );
});
