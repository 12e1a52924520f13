import { describe, expect, it } from "vitest";
import { classifyAgency, renderAgencyUid } from "../../src/query/agency.ts";
import { resolveMetric } from "../../src/query/labels.ts";

describe("resolveMetric: --metric takes a key or the label the form prints", () => {
  it.each([
    ["requests.new.total", "requests.new.total"],
    ["本年新收", "requests.new.total"], // a row without a column means the row's 总计
    ["新收申请", "requests.new.total"], // characters in order: 本年新收政府信息公开申请数量
    ["予以公开", "requests.granted.total"],
    ["(一)予以公开 / 总计", "requests.granted.total"],
    ["予以公开 / 自然人", "requests.granted.natural_person"],
    ["行政复议", "appeals.review.total"],
    ["本年收费金额", "proactive.fees.amount_wan_yuan"],
  ])("%s → %s", (text, key) => {
    expect(resolveMetric(text).key).toBe(key);
  });

  it("refuses text that names several rows, listing candidates", () => {
    expect(() => resolveMetric("公开")).toThrow(/did you mean/);
    expect(() => resolveMetric("没有这个指标")).toThrow(/gongkai metrics/);
  });
});

describe("agency type and stable ids", () => {
  it.each([
    ["重庆市梁平区人民政府", "government"],
    ["平潭综合实验区", "government"],
    ["淮安市洪泽区财政局", "department"],
    ["梁平区双桂街道办事处", "township"],
    ["洪泽区高良涧镇人民政府", "township"],
  ])("%s is a %s", (name, type) => {
    expect(classifyAgency(name)).toBe(type);
  });

  it("derives the agency id from division and normalised name only", () => {
    const a = renderAgencyUid("500155", "重庆市梁平区人民政府");
    expect(a).toMatch(/^500155-[0-9a-f]{10}$/);
    expect(renderAgencyUid("500155", " 重庆市梁平区人民政府 ")).toBe(a); // whitespace is not part of a name
    expect(renderAgencyUid("500156", "重庆市梁平区人民政府")).not.toBe(a);
  });
});
