// PDF attachments. Real reports from Huai'an (expected facts checked by hand against the
// page images) and the seed printed from HTML by Chromium; rows come from text coordinates.
import { describe, expect, it } from "vitest";
import { ParseError, parseDocument, type ParseResult } from "../../src/parse/index.ts";
import { readExpected, readFixtureBytes } from "../helpers.ts";

const parsed = new Map<string, Promise<ParseResult>>();
/** Each fixture is parsed once per run (pdf.js takes ~50 ms a page). */
function parsePdf(rel: string): Promise<ParseResult> {
  if (!parsed.has(rel)) parsed.set(rel, parseDocument({ bytes: readFixtureBytes(rel), path: rel }));
  return parsed.get(rel)!;
}

const failedIds = (r: ParseResult) => r.checks.filter((c) => c.hard && !c.ok).map((c) => c.id);

describe("real PDF reports (2021 form)", () => {
  it.each([
    ["huaian-hongzequ-2024.pdf", 186],
    ["huaian-shi-2024.pdf", 200],
  ])("%s yields exactly its %i expected facts, status ok", async (file, n) => {
    const r = await parsePdf(`corpus/pdf/${file}`);
    const exp = readExpected(`corpus/pdf/${file}.expected.json`);
    expect(r.facts).toEqual(exp.facts);
    expect(Object.keys(r.facts)).toHaveLength(n);
    expect(r.source).toMatchObject({ shape: "pdf-text", media_type: "application/pdf" });
    expect(r.report).toMatchObject({ template: "2021", year: exp.report.year });
    expect(r.status).toBe("ok");
    expect(r.flags).toEqual([]);
  });

  it("huaian-hongzequ-2023.pdf keeps the printed section-四 totals and fails their identities", async () => {
    const r = await parsePdf("corpus/pdf/huaian-hongzequ-2023.pdf");
    expect(r.facts).toEqual(readExpected("corpus/pdf/huaian-hongzequ-2023.pdf.expected.json").facts);
    // As printed: 行政复议 10, 1, 0, 0 with 总计 0; 复议后起诉 5, 0, 0, 0 with 总计 0.
    expect(r.facts["appeals.review.total"]).toBe(0);
    expect(r.facts["appeals.litigation_after_review.upheld"]).toBe(5);
    expect(failedIds(r)).toEqual(["appeals.group_total.review", "appeals.group_total.litigation_after_review"]);
    expect(r.status).toBe("flagged");
    expect(r.flags.map((f) => f.code)).toEqual(["IDENTITY_FAILED", "IDENTITY_FAILED"]);
  });

  it("huaian-shi-2024.pdf: litigation rows in page order (pdftotext swaps them)", async () => {
    const r = await parsePdf("corpus/pdf/huaian-shi-2024.pdf");
    const row = (g: string) =>
      ["upheld", "corrected", "other", "pending", "total"].map((o) => r.facts[`appeals.${g}.${o}`]);
    expect(row("litigation_direct")).toEqual([13, 4, 8, 1, 26]);
    expect(row("litigation_after_review")).toEqual([12, 1, 1, 6, 20]);
    // A label the report misprints still finds its row; page footers never become cells.
    expect(r.cells["requests.withheld_prohibited_by_law.total"]?.locator).toMatch(/^p4 x=\d+ y=\d+$/);
    expect(Object.values(r.cells).filter((c) => c.locator?.endsWith(" y=40"))).toEqual([]);
  });
});

describe("seed printed from an HTML page with rowspan/colspan tables (Chromium)", () => {
  it("yields the seed's 200 facts exactly, status ok", async () => {
    const r = await parsePdf("parse/pdf/seed-tables.pdf");
    expect(r.facts).toEqual(readExpected("corpus/seed.expected.json").facts);
    expect(r.report).toMatchObject({ template: "2021", year: 2021, region: "重庆市梁平区" });
    expect(r.status).toBe("ok");
    expect(r.flags).toEqual([]);
  });
});

describe("unusable PDFs", () => {
  it("a text layer mapped to private-use code points is GARBLED_TEXT: failed, no numbers", async () => {
    const r = await parsePdf("parse/pdf/garbled-pua.pdf");
    expect(r.status).toBe("failed");
    expect(r.flags.some((f) => f.code === "GARBLED_TEXT")).toBe(true);
    expect(r.facts).toEqual({});
    expect(r.cells).toEqual({});
  });

  it("a file that starts like a PDF but is not one throws UNREADABLE with the path and cause", async () => {
    const bytes = Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntruncated");
    const err = await parseDocument({ bytes, path: "broken.pdf" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ code: "UNREADABLE", source: "broken.pdf" });
    expect((err as Error).cause).toBeDefined();
  });
});
