// text normalisation and label matching that survive real reports' variants.
import { describe, expect, it } from "vitest";
import { parseText } from "../../src/parse/index.ts";
import { isBlankToken, normalizeLabel, normalizeText, parseNumber } from "../../src/parse/normalize.ts";
import { factDiff, readExpected, readFixture } from "../helpers.ts";

const seed = readFixture("corpus/seed.txt");
const expected = readExpected("corpus/seed.expected.json").facts;

describe("normalizeText", () => {
  it("folds full-width forms, Kangxi and supplement radicals, invisible characters and CJK-run spaces", () => {
    expect(normalizeText("（一）予以公开：１２")).toBe("(一)予以公开:12");
    expect(normalizeText("⾏政许可")).toBe("行政许可"); // U+2F8F KANGXI RADICAL WALK
    expect(normalizeText("第 ⻚")).toBe("第页"); // U+2EDA, not folded by NFKC
    expect(normalizeText("商业\u200B企业")).toBe("商业企业");
    expect(normalizeText("商业 企业")).toBe("商业企业");
    expect(normalizeText("总计 70")).toBe("总计 70");
  });
});

describe("normalizeLabel (FORMATS.md §9.1)", () => {
  it.each([
    ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开"],
    ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"],
    ["3.危及“三安全一稳定”", "危及三安全一稳定"],
    ["1、属于国家秘密", "属于国家秘密"],
    ["１．属于国家秘密", "属于国家秘密"],
    ["1. 属于国家秘密", "属于国家秘密"],
    ["四、结转下年度继续办理", "结转下年度继续办理"],
    ["本年收费金额(单位:万元)", "本年收费金额"],
    [".重复申请", "重复申请"],
  ])("%s → %s", (raw, norm) => expect(normalizeLabel(raw)).toBe(norm));
});

describe("parseNumber (FORMATS.md §8.2)", () => {
  it.each([
    ["0", "count", 0],
    ["１２３", "count", 123],
    ["1,234", "count", 1234],
    ["+5", "signed", 5],
    ["−3", "signed", -3],
    ["5644.23万元", "money", 5644.23],
    ["56442300元", "money", 5644.23],
    ["1.5亿元", "money", 15000],
    ["27件", "count", 27],
  ] as const)("%s (%s) → %s", (raw, kind, v) => expect(parseNumber(raw, kind).value).toBe(v));

  it.each([
    ["12,34", "BAD_NUMBER"],
    ["1 234", "BAD_NUMBER"],
    ["-3", "SIGN_NOT_ALLOWED"],
    ["2.5", "DECIMAL_IN_COUNT"],
    ["约30", "BAD_NUMBER"],
  ])("%s is null and flagged %s", (raw, code) => {
    const p = parseNumber(raw, "count");
    expect(p.value).toBeNull();
    expect(p.problem?.code).toBe(code);
  });

  it("treats blank tokens as blank, never 0", () => {
    for (const t of ["", " ", "/", "／", "—", "——", "-", "无", "\u3000"]) {
      expect(isBlankToken(t)).toBe(true);
      expect(parseNumber(t).value).toBeNull();
    }
    expect(parseNumber("-", "signed")).toMatchObject({ value: null, blank: true });
  });
});

describe("labels as real reports print them", () => {
  const lines = () => seed.split("\n");
  const same = (text: string) => {
    const r = parseText(text);
    expect(factDiff(expected, r.facts)).toEqual([]);
    expect(r.status).toBe("ok");
  };

  it("full-width digits and brackets throughout", () => {
    same(seed.replace(/[0-9()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
  });

  it("Kangxi radicals in labels (PDF fonts)", () => {
    same(seed.replace(/行政/g, "⾏政")); // U+2F8F for 行 in every 行政
  });

  it("a label broken over two cells", () => {
    const l = lines();
    const i = l.indexOf("1.本机关不掌握相关政府信息 |");
    l.splice(i, 1, "1.本机关不 |", "掌握相关政府信息 |");
    same(l.join("\n"));
  });

  it("a label broken inside by a line-break space", () => {
    same(seed.replace("2.没有现成信息需要另行制作 |", "2.没有现成信息 需要另行制作 |"));
  });

  it("a truncated label, matched in its place", () => {
    same(seed.replace("5.要求行政机关确认或重新出具已获取信息 |", "5.要求行政机关确认 |"));
  });

  it("the typo 其他法律行政止公开 printed by real reports", () => {
    same(seed.replace("2.其他法律行政法规禁止公开 |", "2.其他法律行政止公开 |"));
  });
});

describe("dropWhitespace", () => {
  it("removes exactly what /\\s+/ removes", async () => {
    const { dropWhitespace } = await import("../../src/parse/normalize.ts");
    const all = "a\tb\nc\vd\fe\rf g\u00a0h\u1680i\u2000j\u200ak\u2028l\u2029m\u202fn\u205fo\u3000p\ufeffq\u200br";
    expect(dropWhitespace(all)).toBe(all.replace(/\s+/g, ""));
    expect(dropWhitespace("无空白")).toBe("无空白");
  });
});
