// Images in report pages, crawl side: a report page that prints its tables as images (its text has no section 三
// table) has those images fetched as attachments, to be OCR'd by `gongkai run`; logos, icons, images
// declared small, other formats and other hosts are not fetched; a page whose tables are text keeps its images unfetched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlSites, listDocuments, openCrawlDb } from "../../src/crawl/index.ts";
import { selectReportImages } from "../../src/crawl/discover.ts";
import { fastOptions, site, tmp } from "./_helpers.ts";
import { type MiniServer, miniServer, page, REPORT_TEXT } from "./_mini-server.ts";
import { join } from "node:path";

const TITLE = "梁山县2023年度政府信息公开工作年度报告";
const FULL = "梁山县2022年度政府信息公开工作年度报告";
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]);

let a: MiniServer, b: MiniServer;
beforeAll(async () => {
  b = await miniServer(() => ({ body: PNG, headers: { "content-type": "image/png" } }));
  a = await miniServer((p) => {
    if (p === "/robots.txt") return { status: 404 };
    if (p === "/list/")
      return page(
        `<a href="/r/img.html" title="${TITLE}">${TITLE}</a><a href="/r/full.html" title="${FULL}">${FULL}</a>`,
      );
    if (p === "/r/img.html")
      return page(
        `<img src="/img/logo.png"><h1>${TITLE}</h1><p>${REPORT_TEXT}</p>` +
          `<p><img src="/img/t1.png" width="800"></p><p><img src='/img/t2.jpg'></p>` +
          `<img src="/img/tiny.png" width="20" height="20"><img src="/img/anim.gif"><img src="${b.origin()}/img/t3.png">`,
      );
    if (p === "/r/full.html")
      return page(
        `<h1>${FULL}</h1><p>${REPORT_TEXT}</p><table><tr><td>申请人情况</td></tr></table><img src="/img/f.png">`,
      );
    if (p.endsWith(".png")) return { body: PNG, headers: { "content-type": "image/png" } };
    if (p.endsWith(".jpg")) return { body: JPEG, headers: { "content-type": "image/jpeg" } };
    return undefined;
  });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

describe("images in report pages", () => {
  it("selects JPEG and PNG images, not logos, icons, declared-small images or GIFs, titled with the page", () => {
    const html =
      '<img src="/u/logo.png"><img src="/u/p1.jpg"><img src="/u/p1.jpg"><img src="/u/qrcode.png">' +
      '<img src="/u/s.png" width="16"><img src="/u/a.gif"><img src="https://x.example/u/p2.png?v=1" height="900">';
    expect(selectReportImages(html, "http://h/r/1.html", "T")).toEqual([
      { url: "http://h/u/p1.jpg", kind: "attachment", title: "T" },
      { url: "https://x.example/u/p2.png?v=1", kind: "attachment", title: "T" },
    ]);
  });

  it("a report page without its tables in text: its images are fetched as attachments; a page with them: not", async () => {
    const dir = tmp();
    const s = await crawlSites([site("a", `${a.origin()}/list/`)], fastOptions(dir));
    const asked = a.log.map((l) => l.path).filter((p) => p.startsWith("/img/"));
    expect(asked.sort()).toEqual(["/img/t1.png", "/img/t2.jpg"]);
    expect(b.log).toEqual([]); // another host: recorded out of scope, never asked
    expect(s.failures.out_of_scope).toBe(1);
    const db = openCrawlDb(join(dir, "crawl.db"));
    try {
      const images = listDocuments(db, { classes: ["attachment"] }).map((d) => ({
        url: d.url.replace(a.origin(), ""),
        mediaType: d.mediaType,
        title: d.title,
      }));
      expect(images.sort((x, y) => x.url.localeCompare(y.url))).toEqual([
        { url: "/img/t1.png", mediaType: "image/png", title: TITLE },
        { url: "/img/t2.jpg", mediaType: "image/jpeg", title: TITLE },
      ]);
    } finally {
      db.close();
    }
  });
});
