// Row rebuilding from positioned PDF text (FORMATS.md §10.3), on small synthetic pages: the effects
// seen in the Huai'an reports, one at a time.
import { describe, expect, it } from "vitest";
import { type PdfItem, rebuildRows } from "../../src/parse/_pdf-rows.ts";
import { readPdfPages } from "../../src/parse/read-pdf.ts";

const item = (str: string, x: number, y: number, size = 9): PdfItem => ({
  str,
  x,
  y,
  w: str.length * size * (/^\d+$/.test(str) ? 0.5 : 1),
  size,
  vertical: false,
});
const page = (items: PdfItem[], number = 1) => ({ number, width: 595, height: 842, items });
const cells = (items: PdfItem[]) =>
  rebuildRows([page(items)])
    .segments.filter((s) => s.cell)
    .map((s) => s.text);

describe("rebuildRows", () => {
  it("puts a label printed after its numbers in front of them", () => {
    const values = ["0", "0", "5", "5"].map((v, i) => item(v, 250 + 80 * i, 300));
    expect(cells([...values, item("行政规范性文件", 80, 301)])).toEqual(["行政规范性文件", "0", "0", "5", "5"]);
  });

  it("joins a label wrapped over two lines around its row's numbers, and a digit run split by the font", () => {
    const out = cells([
      item("(二)部分公开(区分处理的,只计这一情", 100, 306),
      item("形,不计其他情形)", 100, 292),
      item("44", 300, 300),
      item("7", 309, 300),
      item("0", 340, 300),
    ]);
    expect(out).toEqual(["(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "447", "0"]);
  });

  it("keeps a merged cell's group label as a value-less cell before the leaf label of the row it sits in", () => {
    const out = cells([
      item("1.属于国家秘密", 143, 262),
      item("2", 300, 260),
      item("(三)不", 101, 246),
      item("2.其他法律行政法规禁止公开", 143, 238),
      item("0", 300, 236),
    ]);
    expect(out).toEqual(["1.属于国家秘密", "2", "(三)不", "2.其他法律行政法规禁止公开", "0"]);
  });

  it("drops page footers, so a page number is never a cell", () => {
    const out = cells([
      item("-", 290, 39.5, 13),
      item("3", 295, 39.5, 13),
      item("-", 302, 39.5, 13),
      item("规章", 80, 400),
      item("1", 250, 400),
    ]);
    expect(out).toEqual(["规章", "1"]);
  });

  it("leaves a header row and a caption above a row on their own", () => {
    const out = rebuildRows([
      page([
        item("第二十条第(六)项", 240, 334),
        item("信息内容", 106, 317),
        item("本年处理决定数量", 300, 317),
        item("行政处罚", 106, 300),
        item("122079", 350, 300),
        item("行政强制", 106, 283),
        item("681", 355, 283),
      ]),
    ]).segments;
    expect(out.map((s) => s.text)).toEqual([
      "第二十条第(六)项",
      "信息内容",
      "本年处理决定数量",
      "行政处罚",
      "122079",
      "行政强制",
      "681",
    ]);
    expect(out.filter((s) => s.rowStart).map((s) => s.text)).toEqual([
      "第二十条第(六)项",
      "信息内容",
      "行政处罚",
      "行政强制",
    ]);
    expect(out[4]?.locator).toBe("p1 x=350 y=300");
  });
});

describe("readPdfPages garble detection", () => {
  it("flags U+FFFD text as GARBLED_TEXT", () => {
    const doc = readPdfPages([page([item("\uFFFD\uFFFD\uFFFD\uFFFD公开", 80, 400), item("12", 250, 400)])]);
    expect(doc.flags.map((f) => f.code)).toEqual(["GARBLED_TEXT"]);
  });

  it("flags real characters that are not the form's labels, in a text that calls itself a disclosure report", () => {
    const digits = Array.from({ length: 40 }, (_, i) =>
      item(String(i % 10), 250 + (i % 7) * 40, 700 - 20 * Math.floor(i / 7)),
    );
    const doc = readPdfPages([
      page([item("政府信息公开工作年度报告", 150, 780, 22), item("乱码乱码乱码", 80, 700), ...digits]),
    ]);
    expect(doc.flags.map((f) => f.code)).toEqual(["GARBLED_TEXT"]);
  });

  it("does not flag a readable table", () => {
    const doc = readPdfPages([page([item("本年新收", 80, 400), item("12", 250, 400)])]);
    expect(doc.flags).toEqual([]);
    expect(doc.shape).toBe("pdf-text");
  });
});
