// The pure rules of renditions (src/load/renditions.ts, identity.ts): what counts as the same numbers,
// which reading wins, and which agency names and divisions are one report's.
import { describe, expect, it } from "vitest";
import { isWithinRegion, planAgencySpellings } from "../../src/load/identity.ts";
import { contextOf } from "../../src/load/_statements.ts";
import { outranks, planRenditionOf, type Reading, sameContent, type StoredCell } from "../../src/load/index.ts";
import { sameProse } from "../../src/load/renditions.ts";
import type { ParseResult } from "../../src/parse/index.ts";
import { freshDb, seedResult } from "./_fixtures.ts";

const stored = (edit: (cells: StoredCell[]) => void = () => {}): StoredCell[] => {
  const r = seedResult();
  const cells = Object.entries(r.facts).map(([key, value]) => ({ key, value, raw: r.cells[key]!.raw, flagged: 0 }));
  edit(cells);
  return cells;
};
const NEW = "requests.new.natural_person"; // 69 in the seed

describe("sameContent", () => {
  it("the same numbers are the same content", () => {
    expect(sameContent(stored(), seedResult())).toBe(true);
  });
  it("one number differing is not", () => {
    expect(
      sameContent(
        stored(),
        seedResult((r) => (r.facts[NEW] = 68)),
      ),
    ).toBe(false);
  });
  it("a cell unread on one side (null, its glued digits kept as raw) disagrees with nothing", () => {
    const unread = seedResult((r) => {
      r.facts[NEW] = null;
      r.cells[NEW] = { raw: "691000070", confidence: 0, method: "direct" };
    });
    expect(sameContent(stored(), unread)).toBe(true);
    expect(
      sameContent(
        stored((c) => Object.assign(c.find((x) => x.key === NEW)!, { value: null, flagged: 1 })),
        seedResult(),
      ),
    ).toBe(true);
  });
  it("a printed blank is read, so it differs from a number", () => {
    const blank = seedResult((r) => {
      r.facts[NEW] = null;
      r.cells[NEW] = { raw: "/", confidence: 1, method: "direct" };
    });
    expect(sameContent(stored(), blank)).toBe(false);
  });
  it("another set of keys is not the same content", () => {
    expect(
      sameContent(
        stored((c) => c.pop()),
        seedResult(),
      ),
    ).toBe(false);
  });
  it("a reading without a table, or of another part of the report (no key in common), disagrees with nothing", () => {
    expect(sameContent([], seedResult())).toBe(true);
    expect(
      sameContent(
        stored(),
        seedResult((r) => {
          r.facts = {};
          r.cells = {};
        }),
      ),
    ).toBe(true);
    const appealsOnly = seedResult((r) => {
      for (const k of Object.keys(r.facts)) if (!k.startsWith("appeals.")) delete r.facts[k];
    });
    expect(
      sameContent(
        stored((c) => c.splice(0, c.length, ...c.filter((x) => !x.key.startsWith("appeals.")))),
        appealsOnly,
      ),
    ).toBe(true);
  });
  it("two readings with no number in common are never the same report", () => {
    // Every cell printed blank on both sides: nothing was read that could agree.
    const blank = (r: ReturnType<typeof seedResult>) => {
      for (const k of Object.keys(r.facts)) {
        r.facts[k] = null;
        r.cells[k] = { raw: "", confidence: 1, method: "direct" };
      }
    };
    expect(
      sameContent(
        stored((c) => c.forEach((x) => Object.assign(x, { value: null, raw: "" }))),
        seedResult(blank),
      ),
    ).toBe(false);
  });
});

describe("outranks", () => {
  const reading = (r: Partial<Reading>): Reading => ({
    rendition: "html",
    unread: 0,
    flags: 0,
    status: "ok",
    rehosted: 0,
    sha256: "b",
    ...r,
  });
  it("the document's own text beats a conversion, which beats OCR", () => {
    expect(outranks(reading({ rendition: "text", unread: 3 }), reading({ rendition: "ocr" }))).toBe(true);
    expect(outranks(reading({ rendition: "libreoffice" }), reading({ rendition: "ocr" }))).toBe(true);
    expect(outranks(reading({ rendition: "ocr" }), reading({ rendition: "pdf-text", flags: 9 }))).toBe(false);
  });
  it("then fewer unread cells, fewer flags, the report's own site, the lower sha256", () => {
    expect(outranks(reading({ unread: 0, flags: 5 }), reading({ unread: 1 }))).toBe(true);
    expect(outranks(reading({ flags: 1 }), reading({ flags: 2 }))).toBe(true);
    expect(outranks(reading({ rehosted: 0, sha256: "z" }), reading({ rehosted: 1, sha256: "a" }))).toBe(true);
    expect(outranks(reading({ sha256: "a" }), reading({ sha256: "b" }))).toBe(true);
    expect(outranks(reading({}), reading({}))).toBe(false);
  });
});

describe("planRenditionOf", () => {
  it("names a rendition by media type and shape", () => {
    expect(planRenditionOf("text/html; charset=gb2312", "html-table")).toBe("html");
    expect(planRenditionOf("application/pdf", "pdf-text")).toBe("pdf-text");
    expect(planRenditionOf("application/pdf", "ocr-rows")).toBe("ocr");
    expect(planRenditionOf("application/msword", "html-table")).toBe("libreoffice");
    expect(planRenditionOf("text/plain", "glued-text")).toBe("text");
    expect(planRenditionOf(null, "bar-text")).toBe("other");
  });
});

describe("one report's agency and division", () => {
  it("a district is within its city and province, not within itself or a neighbour", () => {
    expect(isWithinRegion("500155", "500000")).toBe(true);
    expect(isWithinRegion("320813", "320800")).toBe(true);
    expect(isWithinRegion("500155", "500155")).toBe(false);
    expect(isWithinRegion("320813", "320700")).toBe(false);
  });
  it("an agency's other spellings add or drop the names of the divisions above its own; a bare name has none", () => {
    const { regions } = contextOf(freshDb());
    expect(planAgencySpellings("梁平区人民政府", "500155", regions)).toEqual(["重庆市梁平区人民政府"]);
    expect(planAgencySpellings("重庆市梁平区人民政府", "500155", regions)).toEqual(["梁平区人民政府"]);
    expect(planAgencySpellings("江苏省淮安市洪泽区财政局", "320813", regions).sort()).toEqual([
      "洪泽区财政局",
      "淮安市洪泽区财政局",
    ]);
    expect(planAgencySpellings("人民政府", "500155", regions)).toEqual([]);
    expect(planAgencySpellings("重庆市人民政府", "500155", regions)).toEqual([]);
    expect(planAgencySpellings("江苏省梁平区人民政府", "500155", regions)).toEqual([]);
  });
});

describe("sameProse", () => {
  const result = (overview: string) =>
    ({ narrative: { overview, problems: "问题。", other: "" } }) as unknown as ParseResult;
  const stored = new Map([
    ["overview", "一、总体情况\n本年度，我区……"],
    ["problems", "问题。"],
  ]);
  it("ignores whitespace and punctuation between two readings of one kind", () => {
    expect(sameProse("html", stored, "html", result("一、总体情况 本年度我区……"))).toBe(true);
  });
  it("tells an edited paragraph between readings of one kind", () => {
    expect(sameProse("html", stored, "html", result("一、总体情况 本年度，我县……"))).toBe(false);
  });
  it("does not compare prose across kinds or for OCR", () => {
    expect(sameProse("html", stored, "text", result("完全不同"))).toBe(true);
    expect(sameProse("ocr", stored, "ocr", result("完全不同"))).toBe(true);
  });
});
