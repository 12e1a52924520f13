// Every platform adapter end to end against its fixture site (test/fixtures/sites/cms/<platform>/, built
// from the platform's real markup; sources in each README): `cms: auto` picks the adapter, list paging
// stops at the stated end, report pages and attachments are fetched, robots.txt and the gap are obeyed.
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectCms } from "../../src/crawl/cms/index.ts";
import { type CrawlSummary, crawlSites, listDocuments, openCrawlDb } from "../../src/crawl/index.ts";
import { CMS_FIXTURES, type CmsServer, startCmsServer } from "./_cms-server.ts";
import { fastOptions, site, tmp } from "./_helpers.ts";

interface Case {
  platform: "trs" | "hanweb" | "gkmlpt" | "vsb" | "shtml32";
  start: string;
  /** The fixture file of the first list page (for detection). */
  firstPage: string;
  /** List requests in order (method and path). */
  lists: string[];
  reports: string[];
  attachments: number;
  /** Pages read but not reports (landing pages count as reports here when recognised). */
  notReports?: string[];
}

const CASES: Case[] = [
  {
    platform: "trs",
    start: "/xxgk/zfxxgknb/index.html",
    firstPage: "trs/xxgk/zfxxgknb/index.html",
    lists: ["GET /xxgk/zfxxgknb/index.html", "GET /xxgk/zfxxgknb/index_1.html"],
    reports: [
      "/xxgk/zfxxgknb/202401/t20240115_3389012.html",
      "/xxgk/zfxxgknb/202302/t20230210_3190551.html",
      "/xxgk/zfxxgknb/202201/t20220121_2771234.html",
    ],
    attachments: 3,
  },
  {
    platform: "hanweb",
    start: "/col/col1229438/index.html",
    firstPage: "hanweb/col/col1229438/index.html",
    lists: [
      "GET /col/col1229438/index.html",
      "POST /module/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=1",
      "POST /module/jpage/dataproxy.jsp?startrecord=7&endrecord=7&perpage=1",
    ],
    reports: [
      "/art/2024/1/20/art_1229438_78001.html",
      "/art/2024/1/18/art_1229438_78002.html",
      "/art/2023/1/30/art_1229438_66001.html",
      "/art/2023/1/28/art_1229438_66002.html",
      "/art/2022/2/14/art_1229438_51001.html",
    ],
    attachments: 5,
  },
  {
    platform: "gkmlpt",
    start: "/gkmlpt/index#2455",
    firstPage: "gkmlpt/gkmlpt/index",
    lists: [
      "GET /gkmlpt/index",
      "GET /gkmlpt/api/all/2455?page=1&sid=755099",
      "GET /gkmlpt/api/all/2455?page=2&sid=755099",
    ],
    reports: [
      "/gkmlpt/content/4/4942/post_4942475.html",
      "/gkmlpt/content/3/3851/post_3851210.html",
      "/gkmlpt/content/2/2760/post_2760033.html",
    ],
    attachments: 3,
  },
  {
    platform: "vsb",
    start: "/xxgk/ndbg.htm",
    firstPage: "vsb/xxgk/ndbg.htm",
    lists: ["GET /xxgk/ndbg.htm", "GET /xxgk/ndbg/2.htm", "GET /xxgk/ndbg/1.htm"],
    reports: ["/info/1042/5678.htm", "/info/1042/4433.htm", "/info/1042/3310.htm"],
    attachments: 3,
    notReports: ["/info/1042/5601.htm"],
  },
  {
    platform: "shtml32",
    start: "/zwgk/ndbg/index.shtml",
    firstPage: "shtml32/zwgk/ndbg/index.shtml",
    lists: ["GET /zwgk/ndbg/index.shtml", "GET /zwgk/ndbg/index_2.shtml"],
    reports: [
      "/zwgk/ndbg/202401/5c1e0f3a9b7d4e2f8a6b0c9d1e2f3a4b.shtml",
      "/zwgk/ndbg/202401/0a9b8c7d6e5f40312a3b4c5d6e7f8091.shtml",
      "/zwgk/ndbg/202302/f00dfeedcafe4bad8badc0ffee123456.shtml",
    ],
    attachments: 3,
  },
];

const GAP_MS = 40;

describe.each(CASES)("$platform fixture site, cms: auto", (c) => {
  let srv: CmsServer;
  let dir: string;
  let summary: CrawlSummary;
  beforeAll(async () => {
    srv = await startCmsServer(c.platform);
    dir = tmp();
    summary = await crawlSites([site(c.platform, `${srv.origin}${c.start}`, { delayMs: GAP_MS })], fastOptions(dir));
  });
  afterAll(async () => {
    await srv.close();
  });
  const paths = () => srv.log.filter((l) => l.path !== "/robots.txt");
  const listed = () => paths().filter((l) => c.lists.some((x) => x.endsWith(` ${l.path}`)));

  it("detects the platform from the first list page", () => {
    const text = readFileSync(join(CMS_FIXTURES, c.firstPage), "utf8");
    const req = { url: `${srv.origin}${c.start}`, method: "GET" as const, page: 0, format: "html" };
    expect(detectCms({ site: site("x", req.url), req, text, anchors: () => [] })).toBe(c.platform);
  });

  it("pages the list as the platform does, never past the stated end", () => {
    expect(listed().map((l) => `${l.method} ${l.path}`)).toEqual(c.lists);
    expect(paths().filter((l) => l.status === 404)).toEqual([]);
  });

  it("fetches the report pages and recognises them; other titles are not fetched", () => {
    const docs = listDocuments(openCrawlDb(join(dir, "crawl.db")));
    const reports = docs.filter((d) => d.kind === "report");
    expect(
      reports
        .filter((d) => d.class === "report")
        .map((d) => new URL(d.url).pathname)
        .sort(),
    ).toEqual([...c.reports].sort());
    expect(reports.filter((d) => d.class !== "report").map((d) => new URL(d.url).pathname)).toEqual(c.notReports ?? []);
    expect(summary.reports.new).toBe(c.reports.length);
  });

  it("fetches the attachments, typed by their bytes", () => {
    const att = listDocuments(openCrawlDb(join(dir, "crawl.db"))).filter((d) => d.kind === "attachment");
    expect(att).toHaveLength(c.attachments);
    for (const a of att) expect([a.class, a.mediaType]).toEqual(["attachment", "application/pdf"]);
  });

  it("obeys robots.txt: the disallowed report is never requested", () => {
    expect(srv.log.filter((l) => l.path.startsWith("/private/"))).toEqual([]);
    const db = new Database(join(dir, "crawl.db"), { readonly: true });
    const rows = db.prepare("SELECT class FROM frontier WHERE url LIKE '%/private/%'").all();
    db.close();
    expect(rows).toEqual([{ class: "robots" }]);
  });

  it("is polite: one request at a time, at least the site's gap apart", () => {
    expect(srv.maxConcurrent).toBe(1);
    const seq = paths();
    for (let i = 1; i < seq.length; i++) expect(seq[i]!.at - seq[i - 1]!.at).toBeGreaterThanOrEqual(GAP_MS - 5);
  });
});

describe("gkmlpt without a hash", () => {
  it("takes the annual-report category from the shell's TREE", async () => {
    const srv = await startCmsServer("gkmlpt");
    try {
      await crawlSites([site("g", `${srv.origin}/gkmlpt/index`)], fastOptions(tmp()));
      expect(srv.log.map((l) => l.path)).toContain("/gkmlpt/api/all/2455?page=1&sid=755099");
    } finally {
      await srv.close();
    }
  });
});
