// Hostile sites, crawl side: every fetched URL stays on the site's hosts, robots.txt redirects too, private
// addresses are refused unless the entry allows them, TLS failures say so, limits are recorded.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MockAgent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CrawlEvent,
  crawlSites,
  initialProgress,
  listDocuments,
  openCrawlDb,
  reduceProgress,
} from "../../src/crawl/index.ts";
import { fastOptions, site, tmp } from "./_helpers.ts";
import { type MiniServer, miniServer, page, REPORT_TEXT } from "./_mini-server.ts";

const TITLE = "梁山县2023年度政府信息公开工作年度报告";
const PDF = Buffer.from("%PDF-1.4\n% a tiny attachment\n%%EOF\n");

function frontier(dir: string): { url: string; state: string; class: string | null; error: string | null }[] {
  const db = openCrawlDb(join(dir, "crawl.db"));
  try {
    return db.prepare("SELECT url, state, class, error FROM frontier ORDER BY id").all() as ReturnType<typeof frontier>;
  } finally {
    db.close();
  }
}

let a: MiniServer, b: MiniServer;
beforeAll(async () => {
  b = await miniServer((p) => (p === "/robots.txt" ? { body: "User-agent: *\nAllow: /\n" } : page(`SECRET ${p}`)));
  a = await miniServer((p) => {
    if (p === "/robots.txt") return { status: 404 };
    if (p === "/moved/robots.txt") return { status: 302, headers: { location: `${b.origin()}/robots.txt` } };
    if (p === "/list/")
      return page(
        `<a href="/r/a.html" title="${TITLE}">${TITLE}</a>` +
          `<a href="${b.origin()}/r/b.html" title="${TITLE}（转载）">${TITLE}</a>` +
          `<a href="${b.origin()}/next.html">下一页</a>`,
      );
    if (p === "/r/a.html")
      return page(
        `<h1>${TITLE}</h1><p>${REPORT_TEXT}</p><a href="/f/a.pdf">附件.pdf</a><a href="${b.origin()}/f/b.pdf">附件2.pdf</a>`,
      );
    if (p === "/f/a.pdf") return { body: PDF, headers: { "content-type": "application/pdf" } };
    if (p.startsWith("/api?page=1"))
      return {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          total: 2,
          articles: [
            { title: TITLE, url: "/r/a.html" },
            { title: TITLE, url: `${b.origin()}/r/c.html` },
          ],
        }),
      };
    if (p === "/many/") return page(`<a href="/many/r.html" title="${TITLE}">${TITLE}</a>`);
    if (p === "/many/r.html")
      return page(
        `<h1>${TITLE}</h1>${Array.from({ length: 300 }, (_, i) => `<a href="/f/${i}.pdf">附件${i}.pdf</a>`).join("")}`,
      );
    if (/^\/f\/\d+\.pdf$/.test(p)) return { body: PDF, headers: { "content-type": "application/pdf" } };
    if (p === "/big/") return page(`<a href="/r/a.html" title="${TITLE}">${TITLE}</a>${"<p>填充</p>".repeat(400)}`);
    return undefined;
  });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

describe("scope: every request stays on the site's hosts", () => {
  it("next links, report links, attachments and JSON items on another host are recorded out_of_scope, never fetched", async () => {
    const dir = tmp();
    const events: CrawlEvent[] = [];
    const s = await crawlSites(
      [
        site("a", `${a.origin()}/list/`, {
          listApi: { url: `${a.origin()}/api?page={page}`, total: "total", pageSize: 10 },
        }),
      ],
      fastOptions(dir, { onEvent: (e) => events.push(e) }),
    );
    expect(b.log).toEqual([]); // not even robots.txt
    const out = frontier(dir).filter((r) => r.class === "out_of_scope");
    expect(out.map((r) => r.url.replace(b.origin(), "B")).sort()).toEqual([
      "B/f/b.pdf",
      "B/next.html",
      "B/r/b.html",
      "B/r/c.html",
    ]);
    expect(out.every((r) => r.state === "skipped")).toBe(true);
    expect(s.failures.out_of_scope).toBe(4);
    expect(s.failureTotals.scope).toBe(4);
    expect(s.reports.new).toBe(1);
    expect(s.attachments.new).toBe(1);
    // The progress line counts errors as the summary does: the report page with attachments is no error.
    const p = events.reduce(reduceProgress, initialProgress());
    expect(p.errors).toBe(Object.values(s.failures).reduce((x, y) => x + y, 0));
    expect(p.pending).toBe(0);
  });

  it("a robots.txt redirected to another host is not followed: no rules, and nothing asked of that host", async () => {
    const c = await miniServer((p) => {
      if (p === "/robots.txt") return { status: 302, headers: { location: `${b.origin()}/robots.txt` } };
      if (p === "/list/") return page(`<a href="/r/a.html" title="${TITLE}">${TITLE}</a>`);
      if (p === "/r/a.html") return page(`<h1>${TITLE}</h1><p>${REPORT_TEXT}</p>`);
      return undefined;
    });
    try {
      const dir = tmp();
      const s = await crawlSites([site("moved", `${c.origin()}/list/`)], fastOptions(dir));
      expect(b.log).toEqual([]);
      expect(c.log.map((l) => l.path)).toEqual(["/robots.txt", "/list/", "/r/a.html"]);
      expect(s.reports.new).toBe(1);
      const db = openCrawlDb(join(dir, "crawl.db"));
      const h = db.prepare("SELECT robots_status, robots_txt FROM hosts").get();
      db.close();
      expect(h).toEqual({ robots_status: 404, robots_txt: "" }); // B's answer is stored nowhere
    } finally {
      await c.close();
    }
  });
});

describe("addresses: loopback, private, link-local and metadata addresses are refused unless allowed", () => {
  it("a site on 127.0.0.1 without allowPrivateAddresses: nothing is requested", async () => {
    const dir = tmp();
    const before = a.log.length;
    const s = await crawlSites(
      [site("priv", `${a.origin()}/list/`, { allowPrivateAddresses: false })],
      fastOptions(dir),
    );
    expect(a.log.length).toBe(before);
    expect(s.failures).toEqual({ private_address: 1 });
    expect(frontier(dir)[0]!.error).toMatch(/127\.0\.0\.1 is a private, loopback or link-local address/);
  });

  it("a name that resolves to a loopback address is refused after DNS resolution", async () => {
    const dir = tmp();
    const before = a.log.length;
    const s = await crawlSites(
      [site("name", `${a.origin("localhost")}/list/`, { allowPrivateAddresses: false })],
      fastOptions(dir),
    );
    expect(a.log.length).toBe(before);
    expect(s.failures).toEqual({ private_address: 1 });
  });

  it("a metadata address listed among a site's hosts is still refused (offline, through a mock agent)", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const seen: string[] = [];
    const pool = agent.get("http://site.example.gov.cn");
    pool.intercept({ path: "/robots.txt" }).reply(404, "").persist();
    pool
      .intercept({ path: "/list/" })
      .reply(
        200,
        `<html><body><a href="http://169.254.169.254/latest/meta-data/" title="${TITLE}">r</a></body></html>`,
        {
          headers: { "content-type": "text/html; charset=utf-8" },
        },
      )
      .persist();
    agent
      .get("http://169.254.169.254")
      .intercept({
        path: (p) => {
          seen.push(p);
          return true;
        },
      })
      .reply(200, "ami-id\ninstance-id\n")
      .persist();
    const dir = tmp();
    const s = await crawlSites(
      [site("meta", "http://site.example.gov.cn/list/", { hosts: ["169.254.169.254"], allowPrivateAddresses: false })],
      fastOptions(dir, { dispatcher: agent }),
    );
    await agent.close();
    expect(seen).toEqual([]);
    expect(s.failures).toEqual({ private_address: 1 });
  });
});

describe("TLS: a certificate that does not verify is reported as tls, with the reason", () => {
  it("self-signed: class tls, the OpenSSL reason kept, no request sent", async () => {
    const dir0 = join(import.meta.dirname, "../fixtures/tls");
    const t = await miniServer(() => page("never"), {
      key: readFileSync(join(dir0, "self-signed.key")),
      cert: readFileSync(join(dir0, "self-signed.crt")),
    });
    try {
      const dir = tmp();
      const s = await crawlSites([site("tls", `${t.origin()}/list/`)], fastOptions(dir));
      expect(t.log).toEqual([]);
      expect(s.failures).toEqual({ tls: 1 });
      expect(s.failureTotals).toMatchObject({ tls: 1, network: 0 });
      expect(frontier(dir)[0]!.error).toMatch(/SELF_SIGNED/);
    } finally {
      await t.close();
    }
  });
});

describe("limits: attachments per page, archive bytes per site, leftovers", () => {
  it("keeps the first N attachment links of a page and records the cut on the page's document", async () => {
    const dir = tmp();
    const before = a.log.length;
    const s = await crawlSites([site("many", `${a.origin()}/many/`)], {
      ...fastOptions(dir),
      maxAttachmentsPerPage: 5,
    });
    expect(a.log.slice(before).filter((l) => l.path.endsWith(".pdf"))).toHaveLength(5);
    expect(s.attachments.new).toBe(5);
    const db = openCrawlDb(join(dir, "crawl.db"));
    const page = listDocuments(db).find((d) => d.url.endsWith("/many/r.html"))!;
    const err = db.prepare("SELECT error FROM documents WHERE id = ?").get(page.id);
    db.close();
    expect(page.errorCode).toBe("LIMIT");
    expect(err).toEqual({ error: "attachments: kept 5 of 300 links" });
  });

  it("stops fetching a site once it archived maxArchiveBytesPerSite this run", async () => {
    const dir = tmp();
    const s = await crawlSites([site("big", `${a.origin()}/big/`)], {
      ...fastOptions(dir),
      maxArchiveBytesPerSite: 1024,
    });
    expect(s.failures).toEqual({ archive_cap: 1 });
    expect(frontier(dir)[1]!.error).toMatch(/cap 1024/);
  });

  it("removes partial writes a killed crawl left in raw/.tmp", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "raw/.tmp"), { recursive: true });
    const stale = join(dir, "raw/.tmp", `${"ab".repeat(32)}.4194999.tmp`);
    writeFileSync(stale, "half a body");
    await crawlSites([site("clean", `${a.origin()}/r/a.html`)], fastOptions(dir));
    expect(existsSync(stale)).toBe(false);
  });
});
