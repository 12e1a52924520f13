// the ` |`-flattened shape, exact on the seed and on a 2019-format report.
import { describe, expect, it } from "vitest";
import { parseText } from "../../src/parse/index.ts";
import { factDiff, readExpected, readFixture } from "../helpers.ts";

const seed = readFixture("corpus/seed.txt");
const seedExpected = readExpected("corpus/seed.expected.json");

/** Replace the n-th (1-based) line equal to `from` after line `after` with `to`. */
function editLine(text: string, lineNo: number, to: string): string {
  const lines = text.split("\n");
  lines[lineNo - 1] = to;
  return lines.join("\n");
}

describe("seed (bar-text, 2021 template)", () => {
  const r = parseText(seed, { path: "seed.txt" });

  it("yields all 200 hand-checked facts exactly", () => {
    expect(factDiff(seedExpected.facts, r.facts)).toEqual([]);
    expect(Object.keys(r.facts)).toHaveLength(200);
  });

  it("recognises shape, template, year, region and agency, with status ok", () => {
    expect(r.source.shape).toBe("bar-text");
    expect(r.report).toMatchObject({
      template: "2021",
      year: 2021,
      region: "重庆市梁平区",
      agency: "梁平区人民政府",
      title: null,
    });
    expect(r.status).toBe("ok");
    expect(r.flags).toEqual([]);
  });

  it("evaluates every hard identity, and they all pass", () => {
    const ids = r.checks.map((c) => c.id);
    // H1 per printed row (25), H2 and H3 per column (7 + 7), H4 per group (3), plus soft S1.
    expect(ids.filter((i) => i.startsWith("requests.row_total."))).toHaveLength(25);
    expect(ids.filter((i) => i.startsWith("requests.balance."))).toHaveLength(7);
    expect(ids.filter((i) => i.startsWith("requests.outcomes."))).toHaveLength(7);
    expect(ids.filter((i) => i.startsWith("appeals.group_total."))).toHaveLength(3);
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(r.checks.find((c) => c.id === "requests.balance.total")).toMatchObject({
      expected: 70,
      actual: 70,
      blank: [],
    });
    expect(r.checks.find((c) => c.id === "requests.outcomes.natural_person")).toMatchObject({
      expected: 67,
      actual: 67,
    });
  });

  it("keeps the narrative sections and drops page chrome", () => {
    expect(r.narrative.overview).toContain("全年共办理依申请公开70件");
    expect(r.narrative.problems).toContain("五、当前存在的主要问题及下步改进措施");
    expect(r.narrative.other).toContain("未收取信息处理费");
    expect(r.narrative.other).not.toContain("回到顶部");
  });

  it("records each cell's printed text and line", () => {
    expect(r.cells["proactive.fees.amount_wan_yuan"]).toMatchObject({
      raw: "5644.23",
      confidence: 1,
      method: "direct",
      locator: "line 39",
    });
    expect(r.cells["requests.new.natural_person"]).toMatchObject({ raw: "69", locator: "line 52" });
  });
});

describe("a seed with one number changed", () => {
  // Line 52 holds requests.new.natural_person (69); print 68 instead.
  const r = parseText(editLine(seed, 52, "68 |"));

  it("keeps the printed number and flags the report", () => {
    expect(r.facts["requests.new.natural_person"]).toBe(68);
    expect(r.status).toBe("flagged");
  });

  it("fails exactly the identities that involve the cell, naming their keys", () => {
    const failing = r.checks
      .filter((c) => !c.ok)
      .map((c) => c.id)
      .sort();
    expect(failing).toEqual(["requests.balance.natural_person", "requests.row_total.new"]);
    const rowTotal = r.checks.find((c) => c.id === "requests.row_total.new")!;
    expect(rowTotal).toMatchObject({ expected: 70, actual: 69 });
    expect(rowTotal.keys).toContain("requests.new.natural_person");
    const balance = r.checks.find((c) => c.id === "requests.balance.natural_person")!;
    expect(balance).toMatchObject({
      expected: 68,
      actual: 69,
      keys: [
        "requests.new.natural_person",
        "requests.carried_over.natural_person",
        "requests.total.natural_person",
        "requests.carried_forward.natural_person",
      ],
    });
    expect(r.flags.filter((f) => f.code === "IDENTITY_FAILED")).toHaveLength(2);
  });
});

describe("blank and not-applicable cells", () => {
  // carried_over row, lines 60–66: print blank, '/', '—', '-', '无' and blanks instead of zeros.
  let t = seed;
  const printed = [" |", "/ |", "— |", "- |", "无 |", " |", " | ||"];
  printed.forEach((p, i) => {
    t = editLine(t, 60 + i, p);
  });
  const r = parseText(t);

  it("stay null with their printed text kept, never 0", () => {
    for (const c of ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"]) {
      expect(r.facts[`requests.carried_over.${c}`]).toBeNull();
    }
    expect(r.cells["requests.carried_over.commercial"]?.raw).toBe("/");
    expect(r.cells["requests.carried_over.research"]?.raw).toBe("—");
    expect(r.cells["requests.carried_over.natural_person"]?.raw).toBe("");
  });

  it("count as 0 in the identities, which say so", () => {
    const balance = r.checks.find((c) => c.id === "requests.balance.natural_person")!;
    expect(balance.ok).toBe(true);
    expect(balance.blank).toEqual(["requests.carried_over.natural_person"]);
    expect(r.status).toBe("ok");
  });
});

describe("bar-text variants", () => {
  it("reads padding bars on a line of their own", () => {
    const t = seed.replace("第二十条第(一)项 | |||", "第二十条第(一)项 |\n|||").replace("70 | ||", "70 |\n||");
    expect(factDiff(seedExpected.facts, parseText(t).facts)).toEqual([]);
  });

  it("reads thousands separators and a unit inside the cell, keeping the raw text", () => {
    const t = editLine(editLine(seed, 27, "97,991 | ||"), 39, "5644.23万元 |");
    const r = parseText(t);
    expect(r.facts["proactive.licensing.decisions"]).toBe(97991);
    expect(r.facts["proactive.fees.amount_wan_yuan"]).toBe(5644.23);
    expect(r.cells["proactive.fees.amount_wan_yuan"]).toMatchObject({ raw: "5644.23万元", unit: "万元" });
    expect(r.status).toBe("ok");
  });

  it("converts a fee printed in 元 to 万元 and flags the unit that contradicts the header", () => {
    const r = parseText(editLine(seed, 39, "56442300元 |"));
    expect(r.facts["proactive.fees.amount_wan_yuan"]).toBe(5644.23);
    expect(r.flags.map((f) => f.code)).toContain("UNIT_MISMATCH");
  });

  it("flags a malformed number instead of guessing", () => {
    const r = parseText(editLine(seed, 52, "6 9 |"));
    expect(r.facts["requests.new.natural_person"]).toBeNull();
    expect(r.flags).toContainEqual(expect.objectContaining({ key: "requests.new.natural_person", code: "BAD_NUMBER" }));
    expect(r.status).toBe("flagged");
  });

  it("refuses a negative count", () => {
    const r = parseText(editLine(seed, 69, "-27 |"));
    expect(r.facts["requests.granted.natural_person"]).toBeNull();
    expect(r.flags).toContainEqual(
      expect.objectContaining({ key: "requests.granted.natural_person", code: "SIGN_NOT_ALLOWED" }),
    );
  });

  it("leaves a row with a missing cell null and flagged, never shifted", () => {
    const lines = seed.split("\n");
    lines.splice(52, 1); // drop requests.new.commercial (line 53)
    const r = parseText(lines.join("\n"));
    expect(r.facts["requests.new.natural_person"]).toBeNull();
    expect(r.facts["requests.new.total"]).toBeNull();
    expect(r.flags).toContainEqual(expect.objectContaining({ key: "requests.new.total", code: "CELL_COUNT" }));
    expect(r.facts["requests.carried_over.total"]).toBe(0);
    expect(r.status).toBe("flagged");
  });
});

describe("a (六) row with values beside its sub-rows (found by the soak's mutants)", () => {
  it("is a printed subtotal: a missing sub-row is flagged, never silently replaced by the (六) row", () => {
    // Line 216 holds the label of 1.申请人无正当理由逾期不补正…; without it, its values follow (六)其他处理.
    const r = parseText(editLine(seed, 216, "本报告电子版可在重庆市梁平区人民政府网站获取。"));
    expect(r.facts["requests.other.total"]).toBe(0);
    expect(r.flags).toContainEqual(
      expect.objectContaining({ key: "requests.other_no_correction.total", code: "ROW_MISSING" }),
    );
    expect(r.status).toBe("flagged");
  });
});

describe("one cell per line, no bars (cell-lines)", () => {
  it("gives the seed's 200 facts", () => {
    const t = seed
      .split("\n")
      .map((l) => l.replace(/\s*\|[|\s]*$/, ""))
      .filter((l) => !/^\|+$/.test(l))
      .join("\n");
    const r = parseText(t);
    expect(r.source.shape).toBe("cell-lines");
    expect(factDiff(seedExpected.facts, r.facts)).toEqual([]);
    expect(r.status).toBe("ok");
  });
});

describe("a 2019-format report in the same bar shape", () => {
  const expected = readExpected("parse/bar/report-2019.expected.json");
  const r = parseText(readFixture("parse/bar/report-2019.txt"));

  it("yields every fact of the 2019 form exactly (198 cells)", () => {
    expect(factDiff(expected.facts, r.facts)).toEqual([]);
    expect(Object.keys(r.facts)).toHaveLength(198);
    expect(r.report).toMatchObject({ template: "2019", year: 2019 });
    expect(r.status).toBe("ok");
  });

  it("reads (六)其他处理 as one row, a signed 本年增/减 and a procurement amount in 元", () => {
    expect(r.facts["requests.other.total"]).toBe(0);
    expect(r.facts).not.toHaveProperty("requests.other_misc.total");
    expect(r.facts["proactive.coercion.items_change"]).toBe(-3);
    expect(r.facts["proactive.procurement.amount_wan_yuan"]).toBe(7539.443252);
    expect(r.cells["proactive.procurement.amount_wan_yuan"]).toMatchObject({ raw: "75394432.52元", unit: "元" });
    expect(r.checks.find((c) => c.id === "requests.outcomes.total")).toMatchObject({
      ok: true,
      expected: 23,
      actual: 23,
    });
  });
});

describe("a section-二 row the report leaves out", () => {
  it("is null and flagged ROW_MISSING, never silently absent", () => {
    const t = readFixture("corpus/seed.txt").replace("规章 |\n0 |\n0 |\n0 |\n", "");
    const r = parseText(t);
    for (const m of ["issued", "repealed", "in_force"]) expect(r.facts[`proactive.rules.${m}`]).toBeNull();
    expect(r.flags).toContainEqual(expect.objectContaining({ key: "proactive.rules.issued", code: "ROW_MISSING" }));
    expect(r.status).toBe("flagged");
  });
});
