// End-to-end crawls against fixture sites on a local server (127.0.0.1, port 0).
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlSites, listDocuments, openCrawlDb } from "../../src/crawl/index.ts";
import { FIXTURES, PINGTAN, startServer, type TestServer } from "./_server.ts";
import { fastOptions, site, tmp } from "./_helpers.ts";

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
  srv.robots.set("127.0.0.1", readFileSync(join(FIXTURES, "trs/robots.txt"), "utf8"));
});
afterAll(async () => {
  await srv.close();
});

function docs(dbFile: string, runId?: number) {
  const db = openCrawlDb(dbFile);
  try {
    return listDocuments(db, runId === undefined ? {} : { runId });
  } finally {
    db.close();
  }
}

describe("Pingtan column (real TRS pages)", () => {
  it("finds the ten report links, archives the report page byte-exact and recognises it", async () => {
    const dir = tmp();
    const s = await crawlSites([site("pingtan", `${srv.origin()}/pingtan/zwgk/zfxxgk/zfxxgknb/`)], fastOptions(dir));
    const rows = docs(join(dir, "crawl.db"));
    const reports = rows.filter((r) => r.kind === "report");
    expect(reports).toHaveLength(10);
    const ok = reports.find((r) => r.url.endsWith("t20260313_105587.htm"))!;
    expect(ok.class).toBe("report");
    expect(ok.title).toBe("平潭综合实验区2025年度政府信息公开工作年度报告");
    const bytes = readFileSync(join(PINGTAN, "zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm"));
    expect(ok.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(ok.archivePath).toBe(join(dir, "raw", ok.sha256!.slice(0, 2), ok.sha256!.slice(2, 4), ok.sha256!));
    expect(readFileSync(ok.archivePath!).equals(bytes)).toBe(true);
    expect(ok.change).toBe("new");
    expect(s.reports.new).toBe(1);
    expect(s.failures.http_404).toBe(9); // the held-out items are dead links in the fixture
    expect(srv.log.some((l) => l.path.includes("pingtan.gov.cn") || l.host !== "127.0.0.1")).toBe(false);
  });
});

describe("TRS column, GBK pages, PDF attachments, robots.txt", () => {
  let dir: string;
  const lists = ["/trs/zfxxgknb/", "/trs/zfxxgknb/index_1.html", "/trs/zfxxgknb/index_2.html"];
  beforeAll(async () => {
    dir = tmp();
    await crawlSites([site("trs", `${srv.origin()}/trs/zfxxgknb/`)], fastOptions(dir));
  });

  it("walks createPageHTML pages and never probes past the last one", () => {
    for (const p of lists) expect(srv.hits(p)).toHaveLength(1);
    expect(srv.hits("/trs/zfxxgknb/index_3.html")).toHaveLength(0);
  });

  it("selects report links by title: the 工作要点 letter in the column is skipped", () => {
    expect(srv.hits("/trs/zfxxgknb/202412/t20241210_9.html")).toHaveLength(0);
    const reports = docs(join(dir, "crawl.db")).filter((r) => r.kind === "report");
    expect(reports.map((r) => r.class).sort()).toEqual(["report", "report", "report", "report", "report"]);
  });

  it("decodes GBK pages labelled gb2312 as GB18030", () => {
    const r = docs(join(dir, "crawl.db")).find((d) => d.url.endsWith("t20220208_1.html"))!;
    expect(r.charset).toBe("gb18030");
    expect(r.title).toBe("梁山县2021年度政府信息公开工作年度报告");
  });

  it("fetches PDF attachments from report pages and list pages, typed by magic bytes", () => {
    const att = docs(join(dir, "crawl.db")).filter((d) => d.class === "attachment");
    expect(att.map((a) => a.url.split("/").pop()).sort()).toEqual(["P020220208_report.pdf", "P020240101_2024nb.pdf"]);
    for (const a of att) expect(a.mediaType).toBe("application/pdf");
    const a = att.find((x) => x.url.endsWith("P020220208_report.pdf"))!;
    expect(a.title).toBe("梁山县2021年度政府信息公开工作年度报告.pdf");
  });

  it("obeys robots.txt: the disallowed report is never requested", () => {
    expect(srv.hits("/trs/private/t20240101_7.html")).toHaveLength(0);
    const db = new Database(join(dir, "crawl.db"), { readonly: true });
    const row = db.prepare("SELECT state, class FROM frontier WHERE url LIKE '%/private/%'").get();
    db.close();
    expect(row).toEqual({ state: "skipped", class: "robots" });
  });

  it("sends conditional requests on the next run; an unchanged site answers 304 and nothing is new", async () => {
    const before = srv.log.length;
    const s = await crawlSites([site("trs", `${srv.origin()}/trs/zfxxgknb/`)], fastOptions(dir));
    const second = srv.log.slice(before).filter((l) => l.path !== "/robots.txt");
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((l) => l.ifNoneMatch && l.status === 304)).toBe(true);
    expect(s.reports).toEqual({ new: 0, changed: 0, unchanged: 5 });
    expect(s.attachments).toEqual({ new: 0, changed: 0, unchanged: 2 });
    expect(srv.log.slice(before).some((l) => l.path === "/robots.txt")).toBe(false); // cached for 24 h
  });
});

describe("Hanweb and JSON list APIs", () => {
  it("pages a Hanweb jpage column through POST dataproxy.jsp", async () => {
    const dir = tmp();
    await crawlSites([site("hanweb", `${srv.origin()}/hanweb/col/col123/index.html`)], fastOptions(dir));
    const post = srv.log.filter((l) => l.method === "POST");
    expect(post).toHaveLength(1);
    expect(post[0]!.path).toContain("startrecord=4&endrecord=5&perpage=1");
    expect(post[0]!.body).toContain("columnid=123");
    expect(docs(join(dir, "crawl.db")).filter((d) => d.class === "report")).toHaveLength(5);
  });

  it("pages a JSON list API and stops at its total", async () => {
    const dir = tmp();
    const api = { url: `${srv.origin()}/json/api?page={page}`, items: "articles", total: "total", pageSize: 2 };
    await crawlSites([site("json", `${srv.origin()}/json/`, { listApi: api })], fastOptions(dir));
    expect(srv.log.filter((l) => l.path.startsWith("/json/api")).map((l) => l.path)).toEqual([
      "/json/api?page=1",
      "/json/api?page=2",
    ]);
    expect(docs(join(dir, "crawl.db")).filter((d) => d.class === "report")).toHaveLength(3);
  });
});

describe("faults", () => {
  let dir: string;
  let summary: Awaited<ReturnType<typeof crawlSites>>;
  const seen: string[] = [];
  beforeAll(async () => {
    dir = tmp();
    summary = await crawlSites(
      [site("faults", `${srv.origin()}/faults/`, { hosts: [] })],
      fastOptions(dir, {
        maxDocumentBytes: 100 * 1024,
        breakerThreshold: 10,
        recognize: (t) => {
          seen.push(t);
          return false;
        },
      }),
    );
  });
  const cls = (name: string) =>
    docs(join(dir, "crawl.db"))
      .filter((d) => d.url.endsWith(name))
      .map((d) => d.class);

  it("429 with Retry-After: waits at least that long, then succeeds", () => {
    const h = srv.hits("/faults/r429.html");
    expect(h.map((x) => x.status)).toEqual([429, 200]);
    expect(h[1]!.at - h[0]!.at).toBeGreaterThanOrEqual(950);
  });
  it("500s recover with backoff", () => {
    expect(srv.hits("/faults/r500.html").map((x) => x.status)).toEqual([500, 500, 200]);
    expect(cls("r500.html")).toEqual(["not_report"]);
  });
  it("a hanging body times out and is retried, then recorded", () => {
    expect(srv.hits("/faults/hang.html")).toHaveLength(3);
    expect(cls("hang.html")).toEqual(["timeout"]);
  });
  it("an oversized body is cut off while streaming", () => {
    expect(cls("big.pdf")).toEqual(["too_large"]);
    expect(srv.hits("/faults/big.pdf")).toHaveLength(1);
  });
  it("a redirect loop is detected", () => {
    expect(cls("loop-a.html")).toEqual(["redirect_loop"]);
    expect(srv.hits("/faults/loop-a.html").length + srv.hits("/faults/loop-b.html").length).toBe(2);
  });
  it("a redirect to another host is refused without a request there", () => {
    expect(cls("away.html")).toEqual(["offsite_redirect"]);
    expect(srv.log.some((l) => l.host === "localhost")).toBe(false);
  });
  it("challenge pages (412 $_ts, 521 __jsl_clearance) and WAF 403s are BLOCKED, archived, never parsed", () => {
    expect(cls("challenge.html")).toEqual(["blocked:challenge:ruishu"]);
    expect(cls("jsl.html")).toEqual(["blocked:challenge:jiasule"]);
    expect(cls("waf.html")).toEqual(["blocked:waf"]);
    expect(srv.hits("/faults/challenge.html")).toHaveLength(1); // no retry
    expect(seen.some((t) => t.includes("$_ts"))).toBe(false);
    const d = docs(join(dir, "crawl.db")).find((x) => x.url.endsWith("challenge.html"))!;
    expect(existsSync(d.archivePath!)).toBe(true);
    expect(summary.failureTotals.BLOCKED).toBe(3);
  });
  it("the summary separates failure classes", () => {
    expect(summary.failureTotals).toMatchObject({ network: 1, too_large: 1, redirect: 2 });
    expect(summary.sitesWithErrors).toEqual(["faults"]);
  });
});

describe("politeness", () => {
  it("opens a host's breaker after 3 blocked answers in a row and persists the cooldown", async () => {
    const dir = tmp();
    const start = srv.log.length;
    // Retries wait 3 s (no jitter), so the hanging page (and r429/r500 when this test runs first) is still
    // pending when the breaker opens, even on a loaded machine; with 20–200 ms waits its retries were
    // sometimes all done by then, and the breaker had nothing to skip.
    const slowRetries = { retryBaseMs: 1500, retryCapMs: 3000, random: () => 1 };
    const s = await crawlSites([site("breaker", `${srv.origin()}/faults/`)], fastOptions(dir, slowRetries));
    const mine = srv.log.slice(start).filter((l) => l.path !== "/robots.txt");
    const blocked = mine.filter((l) => [403, 412, 521].includes(l.status));
    expect(blocked).toHaveLength(3);
    expect(mine.indexOf(blocked[2]!)).toBe(mine.length - 1); // nothing after the third block
    expect(s.failures.host_cooldown).toBeGreaterThan(0);
    const again = srv.log.length;
    await crawlSites([site("breaker", `${srv.origin()}/faults/`)], fastOptions(dir));
    expect(srv.log.slice(again).filter((l) => l.path !== "/robots.txt")).toHaveLength(0);
  });

  it("one request in flight per host, with the configured gap between requests", async () => {
    const dir = tmp();
    const start = srv.log.length;
    srv.latencyMs = 20;
    try {
      await crawlSites(
        [site("gap", `${srv.origin()}/hanweb/col/col123/index.html`, { delayMs: 60 })],
        fastOptions(dir, { concurrency: 8 }),
      );
    } finally {
      srv.latencyMs = 0;
    }
    const mine = srv.log.slice(start).filter((l) => l.path !== "/robots.txt");
    expect(srv.maxConcurrent.get("127.0.0.1")).toBe(1);
    for (let i = 1; i < mine.length; i++) expect(mine[i]!.at - mine[i - 1]!.at).toBeGreaterThanOrEqual(60 + 20 - 5);
  });

  it("honours robots Crawl-delay", async () => {
    const dir = tmp();
    const start = srv.log.length;
    srv.robots.set("127.0.0.1", "User-agent: *\nCrawl-delay: 0.15\nDisallow: /trs/private/\n");
    try {
      await crawlSites(
        [
          site("cd", `${srv.origin()}/json/`, {
            listApi: { url: `${srv.origin()}/json/api?page={page}`, total: "total", pageSize: 2 },
          }),
        ],
        fastOptions(dir),
      );
    } finally {
      srv.robots.set("127.0.0.1", readFileSync(join(FIXTURES, "trs/robots.txt"), "utf8"));
    }
    const mine = srv.log.slice(start).filter((l) => l.path !== "/robots.txt");
    for (let i = 1; i < mine.length; i++) expect(mine[i]!.at - mine[i - 1]!.at).toBeGreaterThanOrEqual(145);
  });
});
