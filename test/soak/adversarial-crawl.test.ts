// Soak: a hostile site. List and report pages that try to lead the crawler off the site
// (next links, report links and attachments on another host, a metadata address, a robots.txt that
// redirects away), pages at the size cap built to make a scanner quadratic, huge link lists, and pages
// whose declared charset lies. Measured: requests outside the site (must be 0), the longest time from a
// page's last byte to its recorded outcome (parse and scan), and the peak RSS. Table → BENCHMARKS.md.
import { performance } from "node:perf_hooks";
import iconv from "iconv-lite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type CrawlEvent, crawlSites } from "../../src/crawl/index.ts";
import { type Answer, type MiniServer, miniServer, page, REPORT_TEXT } from "../crawl/_mini-server.ts";
import { fastOptions, site, tmp } from "../crawl/_helpers.ts";
import { writeSoakSection } from "./_report.ts";

const CAP = Math.floor(0.95 * 2 ** 20);
const fill = (unit: string) => unit.repeat(Math.floor(CAP / unit.length));
const TITLE = (y: number) => `敌对县${y}年度政府信息公开工作年度报告`;
const MAX_PAGE_MS = 3000;
const MAX_RSS_MB = 1500;

/** Hostile bodies appended to list pages; each page also links one real report so it is read in full. */
const HOSTILE: Record<string, string> = {
  "unclosed-a": fill("<a href=x>"),
  "unclosed-a-text": fill("<a href=x>下一页"),
  "unclosed-comment": fill("<!--"),
  "unclosed-script": fill("<script>"),
  "lone-lt": fill("<"),
  "a-without-gt": `<a${" href=x".repeat(CAP / 7)}`,
  "hanweb-nextgroup": fill("<nextgroup><![CDATA[<a "),
  "vsb-pager": fill('<span class="p_next p_fun">'),
  "trs-pager": fill("createPageHTML(99999, "),
  "gkmlpt-config": fill("_CONFIG SID:"),
  entities: fill("&#x1234567890"),
};

let out: MiniServer, site0: MiniServer, moved: MiniServer;
const sentAt = new Map<string, number>();

function html(body: string, charset = "utf-8"): Answer {
  return { body: `<!DOCTYPE html><html><head><meta charset="${charset}"></head><body>${body}</body></html>` };
}

beforeAll(async () => {
  out = await miniServer((p) => page(`outside ${p}`));
  const o = () => out.origin();
  const route = (p: string): Answer | undefined => {
    if (p === "/robots.txt") return { status: 404 };
    const keys = Object.keys(HOSTILE);
    if (p === "/")
      return html(
        `<a href="/h/${keys[0]}.html">下一页</a>` +
          `<a href="/huge-report.html" title="${TITLE(1991)}">r</a>` +
          `<a href="/charset/big5.html" title="${TITLE(1992)}">a</a><a href="/charset/gbk.html" title="${TITLE(1993)}">b</a>` +
          `<a href="/charset/utf8-as-gbk.html" title="${TITLE(1994)}">c</a>` +
          `<a href="${o()}/escape/report.html" title="${TITLE(1995)}">off</a>` +
          `<a href="http://169.254.169.254/latest/meta-data/" title="${TITLE(1996)}">meta</a>`,
      );
    // The hostile pages are list pages in a chain, so every list adapter reads them, and report pages too.
    const h = /^\/h\/([\w-]+)\.html$/.exec(p)?.[1];
    if (h && HOSTILE[h] !== undefined) {
      const k = keys.indexOf(h);
      const next = keys[k + 1] ? `/h/${keys[k + 1]}.html` : "/huge-list.html";
      return html(
        `<a href="${next}">下一页</a><a href="/r/${h}.html" title="${TITLE(2000 + k)}">r</a>` +
          `<a href="${o()}/escape/${h}.html" title="${TITLE(2000 + k)}（转载）">off</a>${HOSTILE[h]}`,
      );
    }
    if (/^\/r\/[\w-]+\.html$/.test(p)) {
      const k = p.slice(3, -5);
      return html(`<h1>${TITLE(2030)}</h1><p>${REPORT_TEXT}</p>${HOSTILE[k] ?? ""}`); // report pages with the same payloads
    }
    if (p === "/huge-list.html")
      // 50,000 report links off the site: recorded out of scope, none fetched
      return html(
        Array.from({ length: 50_000 }, (_, i) => `<a href="${o()}/x/${i}.html">${TITLE(2000 + (i % 30))}</a>`).join(""),
      );
    if (p === "/huge-report.html")
      return html(
        `<h1>${TITLE(1991)}</h1><p>${REPORT_TEXT}</p>` +
          Array.from({ length: 50_000 }, (_, i) => `<a href="/files/${i}.pdf">附件${i}.pdf</a>`).join(""),
      );
    if (p.startsWith("/files/")) return { body: "%PDF-1.4\n%%EOF\n", headers: { "content-type": "application/pdf" } };
    const gbk = (s: string) => iconv.encode(s, "gbk");
    if (p === "/charset/big5.html")
      return {
        body: Buffer.concat([
          gbk(
            `<html><head><meta charset="big5"></head><body><h1>${TITLE(1992)}</h1><p>${REPORT_TEXT}</p></body></html>`,
          ),
        ]),
      };
    if (p === "/charset/gbk.html")
      return {
        body: gbk(
          `<html><head><meta charset="utf-8"></head><body><h1>${TITLE(1993)}</h1><p>${REPORT_TEXT}</p></body></html>`,
        ),
        headers: { "content-type": "text/html; charset=utf-8" },
      };
    if (p === "/charset/utf8-as-gbk.html")
      return {
        ...html(`<h1>${TITLE(1994)}</h1><p>${REPORT_TEXT}</p>`, "gbk"),
        headers: { "content-type": "text/html; charset=gbk" },
      };
    return undefined;
  };
  site0 = await miniServer((p) => {
    const a = route(p);
    sentAt.set(p, performance.now());
    return a;
  });
  moved = await miniServer((p) =>
    p === "/robots.txt"
      ? { status: 301, headers: { location: `${o()}/robots.txt` } }
      : route(p === "/" ? "/r/entities.html" : p),
  );
});
afterAll(async () => {
  await Promise.all([out.close(), site0.close(), moved.close()]);
});

it("a hostile site: nothing outside the site is requested, every page is read in bounded time and memory", async () => {
  const dir = tmp();
  const events: { e: CrawlEvent; at: number }[] = [];
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  const summary = await crawlSites([site("hostile", `${site0.origin()}/`), site("moved", `${moved.origin()}/`)], {
    ...fastOptions(dir),
    concurrency: 2,
    onEvent: (e) => events.push({ e, at: performance.now() }),
  }).finally(() => clearInterval(timer));
  const wall = performance.now() - t0;

  // Time from the server's answer to the recorded outcome: decoding, scanning, adapters, the database.
  const perPage = events
    .filter(({ e }) => e.type === "fetch" && e.site === "hostile")
    .map(({ e, at }) => {
      const f = e as Extract<CrawlEvent, { type: "fetch" }>;
      const path = new URL(f.url).pathname;
      return { path, ms: at - (sentAt.get(path) ?? at) };
    });
  const worst = perPage.reduce((a, b) => (b.ms > a.ms ? b : a), { path: "", ms: 0 });
  const outside = out.log.length;
  const rssMb = peak / 2 ** 20;
  const table = [
    "| measure | value | bound |",
    "|---|---|---|",
    `| requests to the outside host | ${outside} | 0 |`,
    `| out-of-scope links recorded (not fetched) | ${summary.failures.out_of_scope ?? 0} | — |`,
    `| pages fetched (both sites) | ${summary.pagesFetched} | — |`,
    `| hostile pages at 0.95 MiB | ${Object.keys(HOSTILE).length} | — |`,
    `| longest answer → outcome, one page | ${worst.ms.toFixed(0)} ms (${worst.path}) | < ${MAX_PAGE_MS} ms |`,
    `| attachments fetched from the 50,000-link page | ${perPage.filter((p) => p.path.startsWith("/files/")).length} | 100 (the cap) |`,
    `| peak RSS | ${rssMb.toFixed(0)} MB | < ${MAX_RSS_MB} MB |`,
    `| wall time | ${(wall / 1000).toFixed(1)} s | — |`,
  ].join("\n");
  await writeSoakSection(
    "soak: adversarial site",
    `${table}\n\nOne run of \`npm run test:soak -- test/soak/adversarial-crawl.test.ts\`: a site whose list page links ` +
      `${Object.keys(HOSTILE).length} list pages and as many report pages of hostile markup at the page cap, a 50,000-link list (all off the site), a report page ` +
      `with 50,000 attachment links, three pages whose declared charset lies, next and report links to another host and to ` +
      `169.254.169.254; a second site whose robots.txt redirects to the other host. Failures by class: ` +
      `\`${JSON.stringify(summary.failures)}\`.`,
  );
  expect(outside).toBe(0);
  expect(worst.ms).toBeLessThan(MAX_PAGE_MS);
  expect(rssMb).toBeLessThan(MAX_RSS_MB);
  expect(perPage.filter((p) => p.path.startsWith("/files/"))).toHaveLength(100);
});
