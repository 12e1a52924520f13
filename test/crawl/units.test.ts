import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nextLinkNext } from "../../src/crawl/cms/generic.ts";
import { hanwebNext } from "../../src/crawl/cms/hanweb.ts";
import { jsonPage } from "../../src/crawl/cms/json.ts";
import { trsNext } from "../../src/crawl/cms/trs.ts";
import { extractAnchors } from "../../src/crawl/_html.ts";
import { planRobots } from "../../src/crawl/_robots.ts";
import { planRetry } from "../../src/crawl/classify.ts";
import {
  classifyBlock,
  isReportTitle,
  loadRegistry,
  parseRegistry,
  parseRetryAfter,
  resolveCrawlOptions,
  selectReportLinks,
  sniffMediaType,
  SiteSchema,
} from "../../src/crawl/index.ts";
import { createReporter } from "../../src/cli/render/progress.ts";
import { FIXTURES, PINGTAN } from "./_server.ts";

describe("registry", () => {
  it("the shipped registry (data/sites/) validates, and the seed district is there", async () => {
    const sites = await loadRegistry(join(import.meta.dirname, "../../data/sites"));
    expect(sites.find((s) => s.division === "500155")?.start).toEqual(
      expect.arrayContaining([expect.stringContaining("www.cqlp.gov.cn")]),
    );
  });
  it("an entry needs only id, name and start; the rest defaults", () => {
    const s = SiteSchema.parse({ id: "x", name: "某局", start: "http://a.gov.cn/nb/" });
    expect(s).toMatchObject({ cms: "auto", hosts: [], enabled: true, verified: "unverified" });
  });
  it("problems are data, with paths", () => {
    const r = parseRegistry([
      { id: "Bad Id", name: "", start: "ftp://x" },
      { id: "a", name: "a", start: "http://a/", extra: 1 },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => i.path)).toEqual(
        expect.arrayContaining(["0 (Bad Id).id", "0 (Bad Id).name", "0 (Bad Id).start", "1 (a)"]),
      );
  });
});

describe("discovery", () => {
  it.each([
    ["平潭综合实验区2025年度政府信息公开工作年度报告", true],
    ["梁平区２０２３年政府信息公开年报", true],
    ["关于2014年政府信息公开工作要点落实情况的函", false],
    ["政府信息公开年报", false],
  ])("isReportTitle(%s) = %s", (t, want) => expect(isReportTitle(t)).toBe(want));

  it("picks the ten report links of the real Pingtan list page", () => {
    const html = readFileSync(join(PINGTAN, "zwgk/zfxxgk/zfxxgknb/index.html"), "utf8");
    const links = selectReportLinks(
      extractAnchors(html),
      "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/",
      new Set(["www.pingtan.gov.cn"]),
    );
    expect(links).toHaveLength(10);
    expect(links[0]).toEqual({
      url: "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm",
      kind: "report",
      title: "平潭综合实验区2025年度政府信息公开工作年度报告",
    });
  });

  it("TRS: next page from createPageHTML, none after the last", () => {
    const req = { url: "http://h/nb/index_1.html", method: "GET" as const, page: 1, format: "html" as const };
    expect(trsNext(req, 'createPageHTML(3, 1, "index", "shtml")')).toEqual([
      { url: "http://h/nb/index_2.shtml", method: "GET", page: 2, format: "html" },
    ]);
    expect(trsNext(req, 'createPageHTML(2, 1, "index", "html")')).toEqual([]);
    expect(trsNext(req, "<p>no pager</p>")).toBeUndefined();
  });

  it("Hanweb: POSTs the next group with the column's parameters", () => {
    const html = readFileSync(join(FIXTURES, "hanweb/col/col123/index.html"), "utf8");
    const [n] = hanwebNext({ url: "http://h/col/col123/index.html", method: "GET", page: 0, format: "html" }, html)!;
    expect(n!.url).toBe("http://h/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=5&perpage=1");
    expect(new URLSearchParams(n!.body).get("columnid")).toBe("123");
  });

  it("next-page links; JSON pages stop when empty", () => {
    const a = extractAnchors('<a href="?page=2">下一页</a><a href="/x">尾页</a>');
    expect(nextLinkNext({ url: "http://h/l?page=1", method: "GET", page: 0, format: "html" }, a)[0]?.url).toBe(
      "http://h/l?page=2",
    );
    const api = { url: "http://h/api?p={page}", items: "d.list", title: "t", link: "u", firstPage: 1 };
    expect(
      jsonPage(
        api,
        { url: "http://h/api?p=1", method: "GET", page: 0, format: "json" },
        '{"d":{"list":[{"t":"a","u":"/1"}]}}',
      ).next[0]?.url,
    ).toBe("http://h/api?p=2");
    expect(
      jsonPage(api, { url: "http://h/api?p=2", method: "GET", page: 1, format: "json" }, '{"d":{"list":[]}}').next,
    ).toEqual([]);
  });
});

describe("classification", () => {
  it("challenge and WAF pages", () => {
    const ruishu = readFileSync(join(FIXTURES, "faults/challenge-412.html"), "utf8");
    expect(classifyBlock(412, {}, ruishu, 0)).toBe("challenge:ruishu");
    expect(classifyBlock(521, {}, readFileSync(join(FIXTURES, "faults/jiasule-521.html"), "utf8"), 0)).toBe(
      "challenge:jiasule",
    );
    expect(classifyBlock(200, {}, "<p>您的访问被阻断</p>", 8)).toBe("waf");
    expect(classifyBlock(200, {}, "<p>正文</p>".repeat(10), 40)).toBeUndefined();
  });
  it("media type from magic bytes, not from the header", () => {
    expect(sniffMediaType(Buffer.from("%PDF-1.7"), "http://h/a.htm")).toBe("application/pdf");
    expect(sniffMediaType(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "http://h/a.wps")).toBe(
      "application/vnd.ms-works",
    );
    expect(sniffMediaType(Buffer.from("\n<!DOCTYPE html><html>"), "http://h/a.pdf")).toBe("text/html");
  });
  it("Retry-After in seconds or as a date", () => {
    expect(parseRetryAfter("120", 0)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:01:00 GMT", 30_000)).toBe(30_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });
  it("robots: 4xx allows all, 5xx closes the host, Crawl-delay is capped at 60 s", () => {
    expect(planRobots("http://h/robots.txt", 404, "", "gongkai-crawler/0.1").allows("http://h/x")).toBe(true);
    expect(planRobots("http://h/robots.txt", 503, "", "gongkai-crawler/0.1").closed).toBeDefined();
    const r = planRobots(
      "http://h/robots.txt",
      200,
      "User-agent: gongkai-crawler\nCrawl-delay: 600\nDisallow: /a/",
      "gongkai-crawler/0.1 (+x)",
    );
    expect([r.allows("http://h/a/1"), r.allows("http://h/b"), r.crawlDelayMs]).toEqual([false, true, 60_000]);
  });
});

describe("options and progress", () => {
  it("defaults are polite; bad values name the fix", () => {
    expect(resolveCrawlOptions()).toMatchObject({ delayMs: 2000, jitterMs: 1000, maxRetries: 3, maxRedirects: 5 });
    expect(() => resolveCrawlOptions({ concurrency: 0 })).toThrow(/concurrency must be a number ≥ 1/);
  });
  it("JSON lines when not a terminal, a redrawn bar on one", () => {
    const out: string[] = [];
    const fake = (isTTY: boolean) =>
      ({
        isTTY,
        columns: 80,
        write: (s: string) => {
          out.push(s);
          return true;
        },
      }) as unknown as NodeJS.WriteStream;
    const e = {
      type: "fetch",
      runId: 1,
      site: "s",
      url: "http://h/",
      kind: "list",
      status: 200,
      cls: "report",
      change: "new",
      ms: 3,
      bytes: 10,
    } as const;
    createReporter(fake(false)).onEvent(e);
    expect(JSON.parse(out[0]!)).toMatchObject({ type: "fetch", cls: "report" });
    out.length = 0;
    const r = createReporter(fake(true), () => 1000);
    r.onEvent(e);
    r.close();
    expect(out.join("")).toMatch(/\r\x1b\[2K.*reports 1/);
  });
});

describe("planRetry", () => {
  const o = { maxRetries: 3, retryBaseMs: 2000, retryCapMs: 300_000, retryAfterMaxMs: 3_600_000, random: () => 0.5 };
  it("retries a retryable network error with full-jitter backoff until the attempts run out", () => {
    expect(planRetry({ network: true, retryable: true }, 1, o)).toEqual({
      kind: "retry",
      waitMs: 2000,
      holdHost: false,
    });
    expect(planRetry({ network: true, retryable: true }, 4, o)).toEqual({ kind: "record" });
    expect(planRetry({ network: true, retryable: false }, 1, o)).toEqual({ kind: "record" });
  });
  it("holds the host on 429/503 or a Retry-After, waits at least what the server asked", () => {
    expect(planRetry({ network: false, status: 503 }, 0, o)).toEqual({ kind: "retry", waitMs: 1000, holdHost: true });
    expect(planRetry({ network: false, status: 502 }, 0, o)).toEqual({ kind: "retry", waitMs: 1000, holdHost: false });
    expect(planRetry({ network: false, status: 502, retryAfterMs: 60_000 }, 0, o)).toEqual({
      kind: "retry",
      waitMs: 60_000,
      holdHost: true,
    });
  });
  it("defers the host when Retry-After is longer than a night's wait; records other statuses", () => {
    expect(planRetry({ network: false, status: 429, retryAfterMs: 7_200_000 }, 0, o)).toEqual({
      kind: "defer_host",
      retryAfterMs: 7_200_000,
    });
    expect(planRetry({ network: false, status: 404 }, 0, o)).toEqual({ kind: "record" });
    expect(planRetry({ network: false, status: 500 }, 4, o)).toEqual({ kind: "record" });
  });
});
