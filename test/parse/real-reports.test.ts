// What real reports print (docs/parse.md): misspelt or missing headings, signed changes, counters and
// money units on cells, glued runs the report's own prose settles, cells every split agrees on.
// The fixtures in test/fixtures/parse/real are the seed and a Pingtan page with one hand edit each
// (the edit is spelled out by each test); the expected values are read off the edit, by hand.
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/parse/index.ts";
import { factDiff, readExpected, readFixtureBytes, unflaggedWrong } from "../helpers.ts";

const parse = (rel: string) => parseDocument({ bytes: readFixtureBytes(rel), path: rel });

describe("sections found by their tables when headings are misspelt or missing", () => {
  // 二、主动公开政府信患情况 · 三．收到和处理政府信息公开申清情况 · 四、政府信息公开行政复汉议、行政诉讼情况
  const seed = readExpected("corpus/seed.expected.json").facts;
  it.each([
    "parse/real/heading-typos.bar.txt",
    "parse/real/heading-typos.glued.txt",
    "parse/real/heading-typos.html",
    "parse/real/headings-missing.bar.txt",
  ])("%s reads every table the seed prints", async (rel) => {
    const r = await parse(rel);
    expect(factDiff(seed, r.facts)).toEqual([]);
    expect(r.flags.map((f) => f.code)).toEqual([]);
    expect(r.status).toBe("ok");
    expect(Object.keys(r.facts).filter((k) => k.includes("extra_"))).toEqual([]);
  });

  it("keeps the prose of section 一 out of the tables and the tables out of the narrative", async () => {
    const r = await parse("parse/real/heading-typos.bar.txt");
    expect(r.narrative.overview).toContain("总体情况");
    expect(r.narrative.overview).not.toContain("第二十条");
  });
});

describe("signed 本年增/减, counters and money units (2019 form, glued page text)", () => {
  // Pingtan 2019 with section 二 printed as: 规范性文件8 9 89 · 行政许可23减7 181 · 其他对外管理服务事项10+5 153 ·
  // 行政处罚264-10 430 · 行政强制12增3 25 · 行政事业性收费3减1 · 政府集中采购2笔 984361元
  const truth: Record<string, number | null> = {
    "proactive.normative_docs.made": 8,
    "proactive.normative_docs.published": 9,
    "proactive.normative_docs.total_published": 89,
    "proactive.licensing.items_prev_year": 23,
    "proactive.licensing.items_change": -7,
    "proactive.licensing.decisions": 181,
    "proactive.other_services.items_prev_year": 10,
    "proactive.other_services.items_change": 5,
    "proactive.other_services.decisions": 153,
    "proactive.penalties.items_prev_year": 264,
    "proactive.penalties.items_change": -10,
    "proactive.penalties.decisions": 430,
    "proactive.coercion.items_prev_year": 12,
    "proactive.coercion.items_change": 3,
    "proactive.coercion.decisions": 25,
    "proactive.fees.items_prev_year": 3,
    "proactive.fees.items_change": -1,
    "proactive.procurement.items": 2,
    // 984,361 元 = 98.4361 万元 (FORMATS.md §8.3)
    "proactive.procurement.amount_wan_yuan": 98.4361,
  };

  it("reads every sign and unit, keeping the printed text", async () => {
    const r = await parse("parse/real/signs-units.glued.txt");
    expect(factDiff(truth, r.facts)).toEqual([]);
    expect(r.cells["proactive.fees.items_change"]).toMatchObject({ raw: "减1" });
    expect(r.cells["proactive.procurement.items"]).toMatchObject({ raw: "2笔", unit: "笔" });
    expect(r.cells["proactive.procurement.amount_wan_yuan"]).toMatchObject({ raw: "984361元", unit: "元" });
    expect(r.flags.filter((f) => f.key?.startsWith("proactive."))).toEqual([]);
  });

  it("never reads a row whose sign cannot sit on 本年增/减; a cell all cuts agree on is still read", async () => {
    // 行政处罚264 10-430: the sign is on 处理决定数量 · 行政强制12增325: 增3|25 or 增32|5
    const r = await parse("parse/real/signs-misplaced.glued.txt");
    for (const m of ["items_prev_year", "items_change", "decisions"])
      expect(r.facts[`proactive.penalties.${m}`]).toBeNull();
    expect(r.facts["proactive.coercion.items_prev_year"]).toBe(12);
    expect(r.cells["proactive.coercion.items_prev_year"]).toMatchObject({ method: "split-agreed" });
    expect(r.facts["proactive.coercion.items_change"]).toBeNull();
    expect(r.facts["proactive.coercion.decisions"]).toBeNull();
    const codes = r.flags.filter(
      (f) => f.key?.startsWith("proactive.penalties.") || f.key?.startsWith("proactive.coercion."),
    );
    expect(codes.map((f) => f.code)).toEqual(["AMBIGUOUS_SPLIT", "AMBIGUOUS_SPLIT"]);
    expect(unflaggedWrong(truth, r)).toEqual([]);
  });

  it("takes a sign as a plain cell in cell text too, and refuses one outside 本年增/减", async () => {
    const { parseNumber } = await import("../../src/parse/normalize.ts");
    expect(parseNumber("减7", "signed")).toMatchObject({ value: -7 });
    expect(parseNumber("增3", "signed")).toMatchObject({ value: 3 });
    expect(parseNumber("+11", "signed")).toMatchObject({ value: 11 });
    expect(parseNumber("减7", "count")).toMatchObject({ value: null, problem: { code: "SIGN_NOT_ALLOWED" } });
    expect(parseNumber("15件", "count")).toMatchObject({ value: 15, unit: "件" });
    expect(parseNumber("1.2万元", "money")).toMatchObject({ value: 1.2, unit: "万元" });
    expect(parseNumber("984361.00元", "money")).toMatchObject({ value: 98.4361 });
    // A money unit on a count cell, or a counter on a money cell, is not the column's quantity.
    expect(parseNumber("984361元", "count")).toMatchObject({ value: null, problem: { code: "UNIT_MISMATCH" } });
    expect(parseNumber("3笔", "money")).toMatchObject({ value: null, problem: { code: "UNIT_MISMATCH" } });
  });
});

describe("glued runs settled by the report's own prose (2021 form, glued page text)", () => {
  // The seed with 规章0740 and 行政规范性文件7742513 in place of its printed rows.
  it("takes the one reading the prose allows, with method, lower confidence and the sentence", async () => {
    // prose: 集中公开现行有效行政规范性文件513件,本年度制发规范性文件77件 → 7742513 = 77 | 42 | 513 only
    const r = await parse("parse/real/prose-split.glued.txt");
    expect(r.facts["proactive.normative_docs.issued"]).toBe(77);
    expect(r.facts["proactive.normative_docs.repealed"]).toBe(42);
    expect(r.facts["proactive.normative_docs.in_force"]).toBe(513);
    const cell = r.cells["proactive.normative_docs.repealed"]!;
    expect(cell.method).toBe("split-by-prose");
    expect(cell.confidence).toBeLessThan(0.8);
    expect(cell.evidence).toContain("现行有效行政规范性文件513件");
    // Each chosen cell says on its own key that prose chose it (the prose itself could be misprinted).
    const flags = r.flags.filter((f) => f.key?.startsWith("proactive.normative_docs."));
    expect(flags.map((f) => [f.key, f.code])).toEqual(
      ["issued", "repealed", "in_force"].map((m) => [`proactive.normative_docs.${m}`, "SPLIT_BY_PROSE"]),
    );
  });

  it("reads the leading 0 of 0740 that every reading shares and leaves the rest null", async () => {
    // 0740 → 0,7,40 or 0,74,0: 本年制发 is 0 either way
    const r = await parse("parse/real/prose-split.glued.txt");
    expect(r.facts["proactive.rules.issued"]).toBe(0);
    expect(r.cells["proactive.rules.issued"]).toMatchObject({ method: "split-agreed" });
    expect(r.facts["proactive.rules.repealed"]).toBeNull();
    expect(r.facts["proactive.rules.in_force"]).toBeNull();
    expect(r.flags.find((f) => f.key === "proactive.rules.in_force")?.code).toBe("AMBIGUOUS_SPLIT");
  });

  it.each([
    ["parse/real/prose-contradicts.glued.txt", "contradicts every reading"], // 514件: no reading ends in 514
    ["parse/real/prose-undecided.glued.txt", "leaves 3 readings"], // 513件 alone: 7|742, 77|42, 774|2
  ])("%s: cells stay null with AMBIGUOUS_SPLIT saying why", async (rel, why) => {
    const r = await parse(rel);
    for (const m of ["issued", "repealed", "in_force"]) expect(r.facts[`proactive.normative_docs.${m}`]).toBeNull();
    const flag = r.flags.find((f) => f.key === "proactive.normative_docs.in_force");
    expect(flag?.code).toBe("AMBIGUOUS_SPLIT");
    expect(flag?.message).toContain(why);
  });
});

describe("row labels with a typo", () => {
  it("aligns a long label one character off to its form row (案卷 printed 案件, 掌握 printed 掌提)", async () => {
    const r = await parse("parse/real/label-typos.bar.txt");
    expect(factDiff(readExpected("corpus/seed.expected.json").facts, r.facts)).toEqual([]);
    expect(Object.keys(r.facts).filter((k) => k.includes("extra_"))).toEqual([]);
    expect(r.status).toBe("ok");
  });

  it("counts one substitution, insertion or deletion as one edit, and nothing more", async () => {
    const { oneEditApart } = await import("../../src/parse/requests.ts");
    expect(oneEditApart("属于行政执法案件", "属于行政执法案卷")).toBe(true);
    expect(oneEditApart("没有现成信息需另行制作", "没有现成信息需要另行制作")).toBe(true);
    expect(oneEditApart("属于行政执法案卷x", "属于行政执法案卷")).toBe(true);
    expect(oneEditApart("属于行政执法文件", "属于行政执法案卷")).toBe(false);
    expect(oneEditApart("属于行政执法案卷", "属于行政执法案卷")).toBe(false);
  });
});

describe("rows printed with labels but no digits", () => {
  it("say the row is printed and empty, and keep its cells null (Pingtan 2023-86740, (六)2 and (六)3)", async () => {
    const r = await parse("corpus/pingtan/2023-86740/page.txt");
    for (const row of ["other_no_fee", "other_misc"]) {
      expect(r.facts[`requests.${row}.total`]).toBeNull();
      const flag = r.flags.find((f) => f.key === `requests.${row}.total`);
      expect(flag?.code).toBe("ROW_MISSING");
      expect(flag?.message).toContain("printed");
      expect(flag?.message).toContain("no values");
    }
    // Its section 二 prints no 规章 row at all: that one is not found.
    expect(r.flags.find((f) => f.key === "proactive.rules.issued")?.message).toContain("not found");
  });
});

describe("the last row of a table running into a paragraph that opens with a year", () => {
  it("reads 结转下年度继续办理2000002 out of …20000022022年,我区… (the seed's row)", async () => {
    const r = await parse("parse/real/table-into-prose.glued.txt");
    expect(factDiff(readExpected("corpus/seed.expected.json").facts, r.facts)).toEqual([]);
    expect(r.status).toBe("ok");
  });

  it("reads 行政事业性收费 0 out of …02022年,我局… (Pingtan 2022-80624 prints 0)", async () => {
    const r = await parse("parse/real/fees-into-prose.glued.txt");
    expect(r.facts["proactive.fees.amount_wan_yuan"]).toBe(0);
    expect(r.flags).toEqual([]);
  });
});

describe("agencies as the title names them", () => {
  it.each([
    ["2019年福州市人民政府办公厅政府信息公开工作年度报告", "福州市人民政府办公厅"],
    ["平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函", "平潭综合实验区苏平片区管理局"],
    ["平潭县人民政府2012年政府信息公开工作年度报告", "平潭县人民政府"],
    ["2021年度平潭综合实验区公安局政府信息公开工作年度报告", "平潭综合实验区公安局"],
    ["关于2019年政府信息公开工作年度报告", null],
  ])("%s → %s", async (title, agency) => {
    const { agencyOfTitle } = await import("../../src/parse/meta.ts");
    expect(agencyOfTitle(title)).toBe(agency);
  });

  it("flags a report whose title names no agency instead of guessing one", async () => {
    const { parseText } = await import("../../src/parse/index.ts");
    const text = readFixtureBytes("corpus/seed.txt").toString("utf8");
    const r = parseText(`标题: 关于2021年政府信息公开工作年度报告\n${text}`);
    expect(r.report.agency).toBeNull();
    expect(r.flags.map((f) => f.code)).toContain("AGENCY_UNREAD");
  });
});

describe("a row label that only a rowspan above supplies (HTML)", () => {
  it("reads the values of the row the label spans into (行政处罚 rowspan=2 over its header and its number)", async () => {
    // The seed page with <td rowspan="2">行政处罚</td><td colspan="3">本年处理决定数量</td> / <td colspan="3">122079</td>
    const r = await parse("parse/real/rowspan-label.html");
    expect(factDiff(readExpected("corpus/seed.expected.json").facts, r.facts)).toEqual([]);
    expect(r.status).toBe("ok");
  });
});
