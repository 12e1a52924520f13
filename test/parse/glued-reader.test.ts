// the glued-page-text reader cuts one long paragraph into headings, prose, row labels and
// digit runs. Inputs are excerpts of the Pingtan pages in test/fixtures/corpus/pingtan.
import { describe, expect, it } from "vitest";
import { findHeadings, isGluedText, readGluedText, readTableStream } from "../../src/parse/read-glued.ts";
import { readFixture } from "../helpers.ts";

const cells = (s: string) => readTableStream(s).map((x) => (x.glued ? `[${x.text}]` : x.text));

describe("readTableStream", () => {
  it("cuts label, glued run, and the next label's numbering digit off the run (Pingtan 2019)", () => {
    expect(cells("(四)无法提供1.本机关不掌握相关政府信息70000072.没有现成信息需要另行制作0000000")).toEqual([
      "(四)无法提供",
      "1.本机关不掌握相关政府信息",
      "[7000007]",
      "2.没有现成信息需要另行制作",
      "[0000000]",
    ]);
  });

  it("keeps spaced pieces apart and a single digit as an ordinary cell", () => {
    expect(cells("(七)总计23 0 00 0 023四、结转下年度继续办理 0 0 00 00 0 ")).toEqual([
      "(七)总计",
      "[23]",
      "0",
      "[00]",
      "0",
      "[023]",
      "四、结转下年度继续办理",
      "0",
      "0",
      "[00]",
      "[00]",
      "0",
    ]);
  });

  it("reads decimals and money with a unit as ordinary value cells, even glued to the next heading", () => {
    expect(cells("本年收费金额(单位:万元)行政事业性收费24252.311082")).toEqual([
      "本年收费金额(单位:万元)行政事业性收费",
      "24252.311082",
    ]);
    expect(cells("采购项目数量采购总金额政府集中采购13575394432.52元")).toEqual([
      "采购项目数量采购总金额政府集中采购",
      "13575394432.52元",
    ]);
  });

  it("splits a row's label from the group label and header before it", () => {
    expect(cells("(三)不予公开1.属于国家秘密0000000")).toEqual(["(三)不予公开", "1.属于国家秘密", "[0000000]"]);
    expect(cells("法律服务机构其他一、本年新收政府信息公开申请数量640020470")).toEqual([
      "法律服务机构其他",
      "一、本年新收政府信息公开申请数量",
      "[640020470]",
    ]);
    // `第(一)项` is a caption, not a numbering.
    expect(cells("第二十条第(一)项信息内容本年制发件数规章 000")).toEqual([
      "第二十条第(一)项信息内容本年制发件数规章",
      "[000]",
    ]);
  });

  it("leaves numbers inside sentences in the text (Pingtan 2024 prints prose inside section 二)", () => {
    const s =
      "(一)主动公开政府信息的数量2024年制作、获取政府信息总数397条,其中主动公开政府信息61条。主动公开的政府信息占15.4%。第二十条第(一)项信息内容规章000";
    expect(
      readTableStream(s)
        .filter((x) => /^\d/.test(x.text))
        .map((x) => x.text),
    ).toEqual(["000"]);
  });
});

describe("findHeadings and readGluedText on a Pingtan page", () => {
  const page = readFixture("corpus/pingtan/2019-80576/page.txt");

  it("finds the six section headings inline, in order", () => {
    expect(findHeadings(page).map((h) => h.id)).toEqual([
      "overview",
      "proactive",
      "requests",
      "appeals",
      "problems",
      "other",
    ]);
  });

  it("keeps prose as prose and the tables as cells", () => {
    const segs = readGluedText(page);
    expect(segs.find((s) => s.text.startsWith("一、总体情况"))).toMatchObject({ cell: false });
    expect(segs.filter((s) => s.glued).map((s) => s.text)).toContain("000000000000000");
    // The numbers of sections 一, 五 and 六 never become cells.
    const firstCell = segs.findIndex((s) => s.cell);
    expect(segs[firstCell - 1]!.text).toBe("二、主动公开政府信息情况");
  });
});

describe("isGluedText", () => {
  it("recognises glued and spaced page text", () => {
    expect(isGluedText(readFixture("corpus/pingtan/2021-80613/page.txt"))).toBe(true);
    expect(isGluedText(readFixture("corpus/pingtan/2020-80578/page.txt"))).toBe(true);
  });

  it("does not take bar-text, or prose that mentions rows and numbers, for glued text", () => {
    expect(isGluedText(readFixture("corpus/seed.txt"))).toBe(false);
    expect(isGluedText("全年共办理依申请公开70件,其中予以公开27件,部分公开19件,本机关不掌握相关政府信息19件。")).toBe(
      false,
    );
  });
});
