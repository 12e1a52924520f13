import { describe, expect, it } from "vitest";
import { parseRegionText, planRegionIndex, readRegionRows, renderRegionPrefix } from "../../src/load/regions.ts";

const idx = planRegionIndex(readRegionRows());

describe("parseRegionText", () => {
  it.each([
    ["重庆市梁平区", "500155"],
    ["福建省平潭综合实验区", "350128"],
    ["江苏省淮安市洪泽区", "320813"],
    ["江苏省淮安市", "320800"],
    ["江苏省淮安市淮安区", "320803"],
    ["福建省福州市平潭县", "350128"],
    ["重庆市", "500000"],
    ["北京市朝阳区", "110105"],
    ["梁平区", "500155"],
    ["广东省东莞市", "441900"],
  ])("%s → %s", (text, code) => {
    expect(parseRegionText(text, idx).code).toBe(code);
  });

  it("leaves an ambiguous bare county name unresolved", () => {
    expect(parseRegionText("朝阳区", idx)).toMatchObject({ code: null, reason: "ambiguous" });
  });

  it("leaves unknown text unresolved", () => {
    expect(parseRegionText("某某开发区", idx)).toMatchObject({ code: null, reason: "unmatched" });
  });
});

it("renders the code prefix of a region and its children", () => {
  expect([renderRegionPrefix("500000"), renderRegionPrefix("320800"), renderRegionPrefix("320813")]).toEqual([
    "50",
    "3208",
    "320813",
  ]);
});
