// The HTML reader's choices, one at a time: which cells become segments, where the body is, what
// the page's metadata says, and what happens to blanks and suspicious numbers downstream.
import { describe, expect, test } from "vitest";
import { parseDocument } from "../../src/parse/index.ts";
import { isHtml, readHtml } from "../../src/parse/read-html.ts";
import { readExpected, readFixture } from "../helpers.ts";

const cells = (html: string) =>
  readHtml(html)
    .segments.filter((s) => s.cell)
    .map((s) => s.text);
const SEED_HTML = readFixture("parse/html/seed-2021.utf8.html");
const SEED = readExpected("corpus/seed.expected.json");
const parseHtml = (html: string) => parseDocument({ bytes: Buffer.from(html, "utf8"), path: "x.html" });

describe("isHtml: sniffed by content, not by extension", () => {
  test.each([
    ["<!DOCTYPE html><html>", true],
    ["\n  <html lang=zh>", true],
    ["<!-- saved page -->\n<html>", true],
    ['<?xml version="1.0"?><html>', true],
    ["<table><tr><td>1</td></tr></table>", true],
    ["<p>报告</p>", true],
    ["一、总体情况\n二、主动公开政府信息情况", false],
    ["第二十条第(一)项 | |||", false],
    ["<不是标签>", false],
  ])("%j → %s", (text, want) => expect(isHtml(text)).toBe(want));
  test("the crawler's page.txt twin is text", () => {
    expect(isHtml(readFixture("corpus/pingtan/2025-105587/page.txt"))).toBe(false);
  });
});

describe("cells as segments", () => {
  test("a fragment: anchor cells row by row, rowStart on each row's first cell, grid locators", () => {
    const doc = readHtml(
      '<table><tr><td rowspan="2">组</td><td>甲</td><td>1</td></tr><tr><td>乙</td><td>2</td></tr></table>',
    );
    expect(doc.segments).toEqual([
      { text: "组", cell: true, rowStart: true, locator: "table 1 row 1 col 1" },
      { text: "甲", cell: true, locator: "table 1 row 1 col 2" },
      { text: "1", cell: true, locator: "table 1 row 1 col 3" },
      { text: "乙", cell: true, rowStart: true, locator: "table 1 row 2 col 2" },
      { text: "2", cell: true, locator: "table 1 row 2 col 3" },
    ]);
    expect(doc.shape).toBe("html-table");
    expect(doc.meta).toEqual({});
    expect(doc.text).toBe("组 甲 1\n乙 2");
  });

  test("an empty cell in a row that prints values is a blank value; an empty header corner is nothing", () => {
    const html =
      "<table><tr><td></td><td>本年制发件数</td><td>现行有效件数</td></tr><tr><td>规章</td><td>&nbsp;</td><td>3</td></tr><tr><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr></table>";
    expect(cells(html)).toEqual(["本年制发件数", "现行有效件数", "规章", "", "3"]);
  });

  test("a column empty in every row is padding; a blank column under a header is blanks", () => {
    const html =
      "<table><tr><td>项目</td><td>甲</td><td>乙</td><td></td></tr><tr><td>规章</td><td>1</td><td></td><td></td></tr><tr><td>规范性文件</td><td>2</td><td>&nbsp;</td><td>&nbsp;</td></tr></table>";
    expect(cells(html)).toEqual(["项目", "甲", "乙", "规章", "1", "", "规范性文件", "2", ""]);
  });

  test("a value row with no label (section 四) keeps its empty cells in place", () => {
    expect(
      cells("<table><tr><td>维持</td><td>纠正</td><td>其他</td></tr><tr><td>1</td><td></td><td>2</td></tr></table>"),
    ).toEqual(["维持", "纠正", "其他", "1", "", "2"]);
  });

  test("<br> inside a number is flagged, with the reading given", () => {
    const doc = readHtml("<table><tr><td>行政许可</td><td>12<br>3</td></tr></table>");
    expect(doc.segments[1]).toMatchObject({ text: "12\n3", cell: true });
    expect(doc.flags).toEqual([
      {
        key: null,
        code: "BR_IN_NUMBER",
        message: "table 1 row 1 col 2: a line break inside the number '12⏎3'; read as '123'",
      },
    ]);
  });

  test("grid problems become flags naming the table", () => {
    const doc = readHtml('<table><tr><td colspan="0">a</td><td rowspan="9">1</td></tr></table>');
    expect(doc.flags.map((f) => f.code)).toEqual(["COLSPAN_ZERO", "SPAN_CLIPPED"]);
    expect(doc.flags[0]!.message).toMatch(/^table 1: /);
  });

  test("a caption is a heading before its table's cells", () => {
    const doc = readHtml("<table><caption>二、主动公开政府信息情况</caption><tr><td>规章</td><td>0</td></tr></table>");
    expect(doc.segments.map((s) => [s.text, s.cell])).toEqual([
      ["二、主动公开政府信息情况", false],
      ["规章", true],
      ["0", true],
    ]);
  });

  test("a layout table is page flow; its data tables are read in place", () => {
    const doc = readHtml(
      "<table><tr><td><p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>0</td></tr></table><p>三、收到和处理</p></td></tr></table>",
    );
    expect(doc.segments.map((s) => [s.text, s.cell, s.locator])).toEqual([
      ["二、主动公开政府信息情况", false, "text 1"],
      ["规章", true, "table 1 row 1 col 1"],
      ["0", true, "table 1 row 1 col 2"],
      ["三、收到和处理", false, "text 2"],
    ]);
  });

  test("a table nested in a data table's cell is read after the outer table, never as its rows", () => {
    const doc = readHtml(
      "<table><tr><td>甲</td><td>1<table><tr><td>乙</td><td>2</td></tr></table></td><td>4</td></tr><tr><td>丙</td><td>3</td><td>5</td></tr></table>",
    );
    expect(doc.segments.map((s) => `${s.text}@${s.locator}`)).toEqual([
      "甲@table 1 row 1 col 1",
      "1@table 1 row 1 col 2",
      "4@table 1 row 1 col 3",
      "丙@table 1 row 2 col 1",
      "3@table 1 row 2 col 2",
      "5@table 1 row 2 col 3",
      "乙@table 2 row 1 col 1",
      "2@table 2 row 1 col 2",
    ]);
  });

  test("a layout table with a stray number (a page counter) is still layout", () => {
    const doc = readHtml(
      "<table><tr><td>1</td><td><p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>",
    );
    expect(doc.segments.map((s) => [s.text, s.cell])).toEqual([
      ["1", false],
      ["二、主动公开政府信息情况", false],
      ["规章", true],
      ["0", true],
    ]);
  });
});

describe("the body", () => {
  const chrome = (inner: string) => `<html><head><title>x</title></head><body>
<div class="top"><ul><li><a href="/">首页</a></li><li><a href="/a">机构概况</a></li><li><a href="/b">政务公开</a></li></ul></div>
<div class="crumbs">您现在的位置：<a href="/">首页</a> &gt; 年报</div>
<div class="wrap"><div class="side"><a href="/1">通知公告</a><a href="/2">政策解读</a></div>
<div class="main-body">${inner}</div></div>
<div class="bottom">主办单位：某某区人民政府办公室 备案号：京ICP备00000000号</div></body></html>`;
  const report =
    "<p>一、总体情况</p><p>" +
    "本年度我区认真贯彻落实条例要求，全面推进政务公开工作。".repeat(8) +
    "</p><table><tr><td>规章</td><td>0</td><td>0</td><td>5</td></tr></table><p>【打印】</p><p>【关闭】</p>";

  test("no CMS class: text density finds the report and leaves the navigation, breadcrumbs and footer", () => {
    const doc = readHtml(chrome(report));
    expect(doc.segments[0]?.text).toBe("一、总体情况");
    expect(doc.segments.map((s) => s.text)).not.toContain("【打印】");
    expect(doc.text).not.toMatch(/机构概况|您现在的位置|通知公告|主办单位/);
    expect(cells(chrome(report))).toEqual(["规章", "0", "0", "5"]);
  });

  test("a report split over two editor containers: both are read, in order", () => {
    const part = (t: string) =>
      `<div class="TRS_Editor"><p>${t}</p><p>${"政务公开工作情况说明。".repeat(10)}</p></div>`;
    const doc = readHtml(
      `<body><div class="nav"><a href="/">首页</a></div><div class="wrap">${part("一、总体情况")}<div class="x">附件</div>${part("二、主动公开政府信息情况")}</div></body>`,
    );
    expect(doc.segments.map((s) => s.text).filter((t) => /^[一二]、/.test(t))).toEqual([
      "一、总体情况",
      "二、主动公开政府信息情况",
    ]);
    expect(doc.text).not.toContain("首页");
  });

  test("hidden elements and scripts in the body are not text", () => {
    const doc = readHtml(
      `<div class="TRS_Editor"><p style="display:none">隐藏 99</p><script>var a = "12";</script>${report}</div>`,
    );
    expect(doc.text).not.toMatch(/隐藏|var a/);
  });

  test("share bars and breadcrumbs inside the editor container are chrome", () => {
    const doc = readHtml(
      `<body><div id="zoom"><div class="position">当前位置：首页 &gt; 年报</div>${report}<div class="bdsharebuttonbox">分享到：微信 微博</div></div></body>`,
    );
    expect(doc.text).not.toMatch(/当前位置|分享到/);
  });
});

describe("page metadata", () => {
  test("ArticleTitle, PubDate and ColumnName meta tags", () => {
    const doc = readHtml(
      '<html><head><meta name="ArticleTitle" content=" 某区2023年政府信息公开工作年度报告 "><meta name="PubDate" content="2024/1/5 10:00"><meta name="ColumnName" content="年度报告"><title>别的_标题</title></head><body><p>x</p></body></html>',
    );
    expect(doc.meta).toEqual({
      title: "某区2023年政府信息公开工作年度报告",
      published: "2024-01-05",
      column: "年度报告",
    });
  });

  test("the <title> without the site's suffix, and a 发布日期 printed across tags", () => {
    const doc = readHtml(
      "<html><head><title>某县2022年政府信息公开工作年度报告_年度报告_某县人民政府</title></head><body><div class=info><span>发布日期：</span><span>2023-01-31</span></div><p>x</p></body></html>",
    );
    expect(doc.meta).toEqual({ title: "某县2022年政府信息公开工作年度报告", published: "2023-01-31" });
  });

  test("a <title> naming no report is not taken as the report's title", () => {
    expect(
      readHtml("<html><head><title>政府信息公开年报_某县人民政府</title></head><body><p>x</p></body></html>").meta,
    ).toEqual({});
  });
});

describe("through the assembler", () => {
  test("a blank cell stays null (never 0), with its printed text kept", async () => {
    const html = SEED_HTML.replace("<td><p>69</p></td>", "<td><p>&nbsp;</p></td>");
    const r = await parseHtml(html);
    expect(r.facts["requests.new.natural_person"]).toBeNull();
    expect(r.cells["requests.new.natural_person"]).toMatchObject({ raw: "", locator: "table 2 row 4 col 4" });
    const { "requests.new.natural_person": _, ...rest } = SEED.facts;
    expect(r.facts).toMatchObject(rest);
    expect(r.status).not.toBe("ok");
  });

  test("a <br> inside a number flags the report", async () => {
    const r = await parseHtml(SEED_HTML.replace("<td><p>69</p></td>", "<td><p>6<br>9</p></td>"));
    expect(r.status).toBe("flagged");
    expect(r.flags.map((f) => f.code)).toContain("BR_IN_NUMBER");
  });

  test("a missing value cell leaves its row null and flagged, never shifted", async () => {
    const r = await parseHtml(SEED_HTML.replace("<td><p>69</p></td>", ""));
    expect(r.facts["requests.new.total"]).toBeNull();
    expect(r.facts["requests.carried_over.total"]).toBe(0);
    expect(r.flags.map((f) => f.code)).toContain("CELL_COUNT");
  });
});

describe("a page with no <table>: the text readers decide", () => {
  const wrap = (text: string) =>
    `<html><head><meta charset="utf-8"><title>报告</title></head><body><div class="TRS_Editor">${text
      .split("\n")
      .map((l) => `<p>${l.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`)
      .join("\n")}</div></body></html>`;

  test("bar-text pasted into paragraphs is read as bar-text, to the seed's 200 facts", async () => {
    const r = await parseHtml(wrap(readFixture("corpus/seed.txt")));
    expect(r.source.shape).toBe("bar-text");
    expect(r.facts).toEqual(SEED.facts);
  });

  test("a crawler's glued text re-wrapped in HTML goes to the glued reader", () => {
    const doc = readHtml(wrap(readFixture("corpus/pingtan/2025-105587/page.txt")));
    expect(doc.shape).toBe("glued-text");
  });

  test("with neither, it stays html-table (tables as images: nothing to read)", () => {
    const doc = readHtml(
      '<div id="zoom"><p>一、总体情况</p><p>本年度工作概况。</p><p>二、主动公开政府信息情况</p><p><img src="t.png"></p></div>',
    );
    expect(doc.shape).toBe("html-table");
    expect(doc.segments.every((s) => !s.cell)).toBe(true);
  });
});

describe("section headings inside tables", () => {
  test("a heading printed as the table's first row (colspan) still opens its section", async () => {
    const html = SEED_HTML.replace(
      '<p style="text-indent: 2em;">二、主动公开政府信息情况</p>\n<table border="1" cellspacing="0" align="center"><tbody>\n',
      '<table border="1" cellspacing="0" align="center"><tbody>\n<tr><td colspan="4"><p>二、主动公开政府信息情况</p></td></tr>\n',
    );
    expect(html).not.toBe(SEED_HTML);
    const r = await parseHtml(html);
    expect(r.facts).toEqual(SEED.facts);
    expect(r.status).toBe("ok");
  });
});
