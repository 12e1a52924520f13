// A page is recognised once, by one rule on one text: the crawler's verdict (recognizePage on the
// tokenizer's text) and the parser's (parseDocument's NOT_A_REPORT) agree on every HTML page the
// tests serve or parse, reports and list/column pages alike, and a page the crawler recognised is
// not asked again.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceOf } from "../../src/crawl/index.ts";
import { decodeBytes, ParseError, parseDocument, recognizePage } from "../../src/parse/index.ts";

const ROOTS = ["test/fixtures/parse/html", "test/fixtures/parse/real", "test/fixtures/sites"];

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return htmlFiles(p);
    return /\.s?html?$/.test(name) ? [p] : [];
  });
}

const pages = ROOTS.flatMap(htmlFiles);

async function parserSays(bytes: Uint8Array, path: string): Promise<boolean> {
  try {
    await parseDocument({ bytes, path });
    return true;
  } catch (e) {
    if (e instanceof ParseError && e.code === "NOT_A_REPORT") return false;
    return true; // recognised, then failed for another reason
  }
}

describe("recognition", () => {
  it("covers report pages and non-report pages", async () => {
    const verdicts = pages.map((p) => recognizePage(decodeBytes(readFileSync(p)).text, "text/html"));
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(20);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(10);
  });

  it.each(pages)("crawler and parser agree on %s", async (p) => {
    const bytes = readFileSync(p);
    expect(await parserSays(bytes, p)).toBe(recognizePage(decodeBytes(bytes).text, "text/html"));
  });

  it("a page the crawler recognised carries the verdict to the parser, which does not ask again", async () => {
    const row = {
      id: 1,
      runId: 1,
      siteId: "x",
      kind: "report" as const,
      url: "https://example.gov.cn/a.html",
      finalUrl: null,
      status: 200,
      headers: {},
      fetchedAt: "2026-01-01T00:00:00Z",
      sha256: "0".repeat(64),
      size: 1,
      archivePath: "/a",
      mediaType: "text/html",
      charset: "utf-8",
      title: null,
      referer: null,
      change: null,
      errorCode: null,
    };
    expect(sourceOf({ ...row, class: "report" })?.recognized).toBe(true);
    expect(sourceOf({ ...row, class: "attachment" })?.recognized).toBeUndefined();
    // A column page is no report: refused when asked; when told it is one, read for what little it holds.
    const column = readFileSync("test/fixtures/sites/hanweb/col/col123/index.html");
    await expect(parseDocument({ bytes: column, path: "col123" })).rejects.toMatchObject({ code: "NOT_A_REPORT" });
    const told = await parseDocument({ bytes: column, path: "col123", recognized: true });
    expect(Object.keys(told.facts)).toHaveLength(0);
  });
});
