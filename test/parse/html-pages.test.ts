// Whole HTML report pages through parseDocument: the real Pingtan 2025 TRS page (facts read by
// hand from its tables) and the seed rendered with the official form's spans, in UTF-8, GB2312,
// split tables with <th> labels in a layout table, and Word's HTML export.
import { describe, expect, test } from "vitest";
import { parseDocument } from "../../src/parse/index.ts";
import { readHtml } from "../../src/parse/read-html.ts";
import { readExpected, readFixture, readFixtureBytes } from "../helpers.ts";

const PINGTAN = "corpus/pingtan/2025-105587/page.html";
const SEED = readExpected("corpus/seed.expected.json");
const parse = (rel: string) => parseDocument({ bytes: readFixtureBytes(rel), path: rel });

describe("the Pingtan 2025 TRS page", () => {
  const expected = readExpected("parse/html/pingtan-2025-105587.expected.json");

  test("gives every hand-read fact, exactly, and nothing else", async () => {
    const r = await parse(PINGTAN);
    expect(r.facts).toEqual(expected.facts);
    expect(Object.keys(r.facts)).toHaveLength(200);
    expect(r.status).toBe("ok");
    expect(r.flags).toEqual([]);
    expect(r.checks.filter((c) => c.hard && !c.ok)).toEqual([]);
  });

  test("reports the page's metadata and which reader read it", async () => {
    const r = await parse(PINGTAN);
    expect(r.source).toMatchObject({ media_type: "text/html", shape: "html-table", charset: "utf-8" });
    expect(r.report).toMatchObject(expected.report);
  });

  test("a colspan value cell is one value with its grid locator", async () => {
    const r = await parse(PINGTAN);
    expect(r.cells["proactive.fees.amount_wan_yuan"]).toMatchObject({
      raw: "4166.241619",
      locator: "table 1 row 14 col 2",
    });
    expect(r.cells["proactive.licensing.decisions"]?.locator).toBe("table 1 row 7 col 2");
    expect(r.cells["appeals.litigation_after_review.total"]?.locator).toBe("table 3 row 4 col 15");
  });

  test("reads only the TRS_Editor body: the site's navigation and footer are not segments", () => {
    const doc = readHtml(readFixture(PINGTAN));
    const all = doc.segments.map((s) => s.text).join("\n");
    expect(doc.segments[0]?.text).toMatch(/^本报告根据/);
    expect(all).not.toMatch(/省人大|省政协|网站标识码|版权所有/);
    expect(doc.segments[doc.segments.length - 1]?.text).toBe("2025年,无收取信息处理费情况。");
    expect(doc.meta).toEqual({
      title: "平潭综合实验区2025年度政府信息公开工作年度报告",
      published: "2026-03-10",
      column: "政府信息公开年报",
    });
  });
});

describe("the seed as HTML pages", () => {
  const pages = [
    "parse/html/seed-2021.utf8.html",
    "parse/html/seed-2021.gb2312.html",
    "parse/html/seed-2021-split.html",
    "parse/html/seed-2021-word.gb2312.html",
  ];

  test.each(pages)("%s gives the seed's 200 facts exactly, status ok", async (rel) => {
    const r = await parse(rel);
    expect(r.facts).toEqual(SEED.facts);
    expect(r.status).toBe("ok");
    expect(r.flags).toEqual([]);
    expect(r.source.shape).toBe("html-table");
    expect(r.report).toMatchObject({ year: 2021, template: "2021", region: "重庆市梁平区" });
  });

  test("the page declared gb2312 parses exactly like its UTF-8 twin", async () => {
    const utf8 = await parse(pages[0]!);
    const gb = await parse(pages[1]!);
    expect(gb.source.charset).toBe("gb18030");
    expect(utf8.source.charset).toBe("utf-8");
    expect({ ...gb, source: null }).toEqual({ ...utf8, source: null });
    expect(utf8.report).toMatchObject(SEED.report);
  });

  test("the UTF-8 and GB2312 pages are different bytes of the same text", () => {
    const a = readFixtureBytes(pages[0]!);
    const b = readFixtureBytes(pages[1]!);
    expect(a.equals(b)).toBe(false);
    expect(new TextDecoder("gb18030").decode(b).replace(/<meta[^>]*charset[^>]*>/, "")).toBe(
      a.toString("utf8").replace(/<meta[^>]*charset[^>]*>/, ""),
    );
  });

  test("page chrome around #zoom is dropped; the date in the info bar is the published date", async () => {
    const doc = readHtml(readFixture(pages[0]!));
    const all = doc.segments.map((s) => s.text).join("\n");
    expect(all).not.toMatch(/当前位置|分享到|打印本页|关闭窗口|回到顶部|网站标识码|互动交流|来源/);
    expect(doc.meta).toEqual({ published: "2022-01-20", column: "政府信息公开年报" });
    const r = await parse(pages[0]!);
    expect(r.report.published).toBe("2022-01-20");
    expect(r.narrative.other).toMatch(/^六、其他需要报告的事项/);
  });

  test("section 二's (五) value, colspan 3, is one segment (one value, never three)", () => {
    const doc = readHtml(readFixture(pages[0]!));
    const hits = doc.segments.filter((s) => s.text === "97991");
    expect(hits).toEqual([{ text: "97991", cell: true, locator: "table 1 row 7 col 2" }]);
    const row = doc.segments.filter((s) => s.locator?.startsWith("table 1 row 7 "));
    expect(row.map((s) => [s.text, s.rowStart ?? false])).toEqual([
      ["行政许可", true],
      ["97991", false],
    ]);
  });

  test("in the split variant, the layout table is page flow and the data tables are numbered in order", () => {
    const doc = readHtml(readFixture(pages[2]!));
    const tables = new Set(doc.segments.filter((s) => s.cell).map((s) => s.locator!.replace(/ row .*/, "")));
    // Four section-二 tables, section 三 in two, section 四.
    expect([...tables]).toEqual(["table 1", "table 2", "table 3", "table 4", "table 5", "table 6", "table 7"]);
    expect(doc.segments.some((s) => /政务公开|年度报告|公开指南/.test(s.text) && s.text.length < 8)).toBe(false);
  });
});

describe("a 2019-form page (5-column section 二, header and data rows spanning differently)", () => {
  const expected = readExpected("parse/bar/report-2019.expected.json");

  test("gives the 2019 form's 198 facts exactly, status ok", async () => {
    const r = await parse("parse/html/report-2019.html");
    expect(r.facts).toEqual(expected.facts);
    expect(r.status).toBe("ok");
    expect(r.report).toMatchObject({ year: 2019, template: "2019" });
  });

  test("keeps the printed strings: a signed change, an amount in 元 converted to 万元", async () => {
    const r = await parse("parse/html/report-2019.html");
    expect(r.cells["proactive.coercion.items_change"]?.raw).toBe("-3");
    expect(r.cells["proactive.procurement.amount_wan_yuan"]).toMatchObject({ raw: "75394432.52元", unit: "元" });
    expect(r.facts["requests.other.total"]).toBe(0);
    expect(r.facts).not.toHaveProperty("requests.other_misc.total");
  });
});

describe("sniffed by content, not by extension", () => {
  test("the Pingtan page named .htm or .txt is still read as HTML", async () => {
    const bytes = readFixtureBytes(PINGTAN);
    const expected = readExpected("parse/html/pingtan-2025-105587.expected.json");
    for (const path of ["corpus/pingtan/site/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm", "report.txt"]) {
      const r = await parseDocument({ bytes, path });
      expect(r.source.shape).toBe("html-table");
      expect(r.facts).toEqual(expected.facts);
    }
  });
});

describe("charset facts travel with the page", () => {
  test("a GB2312 page served with a wrong UTF-8 header still parses like its UTF-8 twin", async () => {
    const rel = "parse/html/seed-2021.gb2312.html";
    const r = await parseDocument({ bytes: readFixtureBytes(rel), path: rel, contentType: "text/html; charset=UTF-8" });
    expect(r.source.charset).toBe("gb18030");
    expect(r.facts).toEqual(SEED.facts);
  });
});
