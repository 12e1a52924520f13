// Bytes that decoding and the size limits must handle (docs/parse.md, "Decoding" and "Limits"):
// UTF-16 with a BOM is text, GBK labelled big5 is read as GBK and flagged, and a document past the
// limits is refused with TOO_LARGE before any of it is parsed.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "../../src/parse/decode.ts";
import { PARSE_LIMITS } from "../../src/parse/document.ts";
import { ParseError, parseDocument } from "../../src/parse/index.ts";
import { factDiff, readExpected, readFixture, readFixtureBytes } from "../helpers.ts";

const seedFacts = () => readExpected("corpus/seed.expected.json").facts;

describe("UTF-16 with a BOM", () => {
  it.each(["utf16-le", "utf16-be"] as const)("%s: the seed is decoded and read, not refused as binary", async (enc) => {
    const le = iconv.encode(readFixture("corpus/seed.txt"), "utf16-le", { addBOM: true });
    const bytes = enc === "utf16-le" ? le : iconv.encode(readFixture("corpus/seed.txt"), "utf16-be", { addBOM: true });
    expect(bytes[0]).toBe(enc === "utf16-le" ? 0xff : 0xfe);
    const r = await parseDocument({ bytes, path: `seed.${enc}.txt` });
    expect(factDiff(seedFacts(), r.facts)).toEqual([]);
    expect(r.source.charset).toBe(enc === "utf16-le" ? "utf-16le" : "utf-16be");
  });
});

describe("a declared charset that decodes badly", () => {
  it("GBK bytes labelled big5 are read as GB18030 and the mismatch is flagged", async () => {
    const rel = "parse/real/seed-2021.gbk-labelled-big5.html";
    const d = decodeBytes(readFixtureBytes(rel));
    expect(d.charset.used).toBe("gb18030");
    expect(d.text).toContain("政府信息公开");
    const r = await parseDocument({ bytes: readFixtureBytes(rel), path: rel });
    expect(factDiff(seedFacts(), r.facts)).toEqual([]);
    expect(r.flags.map((f) => f.code)).toEqual(["CHARSET_MISMATCH"]);
  });

  it("real big5 text labelled big5 stays big5", () => {
    const t = "政府資訊公開工作年度報告，本年度收到申請154件，政府資訊公開情況如下。";
    const d = decodeBytes(iconv.encode(`<meta charset="big5">${t}`, "big5"));
    expect(d.charset.used).toBe("big5");
    expect(d.text).toContain(t);
    expect(d.mismatch).toBeUndefined();
  });

  it("UTF-8 bytes labelled gb2312 are read as UTF-8 and the mismatch is said", () => {
    const t = "平潭综合实验区2025年度政府信息公开工作年度报告：本年新收政府信息公开申请数量154件。";
    const d = decodeBytes(Buffer.from(`<meta charset="gb2312">${t}`, "utf8"));
    expect(d.charset.used).toBe("utf-8");
    expect(d.mismatch).toContain("gb2312");
  });
});

describe("size limits", () => {
  const refused = async (bytes: Uint8Array) => {
    const t0 = performance.now();
    const e = await parseDocument({ bytes, path: "big" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).code).toBe("TOO_LARGE");
    // Refused from the byte count alone: nothing was decoded or parsed.
    expect(performance.now() - t0).toBeLessThan(500);
  };

  it("refuses a page over the text limit with TOO_LARGE", async () => {
    const seed = Buffer.from(readFixture("corpus/seed.txt"));
    await refused(Buffer.concat(new Array(Math.ceil(PARSE_LIMITS.maxTextBytes / seed.length) + 1).fill(seed)));
  });

  it("refuses a PDF over the PDF limit with TOO_LARGE", async () => {
    const pdf = Buffer.alloc(PARSE_LIMITS.maxPdfBytes + 1, 0x20);
    pdf.write("%PDF-1.7\n", 0);
    await refused(pdf);
  });

  it("keeps the limits where a real report fits far below them", () => {
    expect(PARSE_LIMITS.maxTextBytes).toBeGreaterThan(
      20 * readFixtureBytes("corpus/pingtan/2021-80613/page.txt").length,
    );
    expect(PARSE_LIMITS.maxPdfBytes).toBeGreaterThan(
      10 * readFixtureBytes("corpus/pdf/huaian-hongzequ-2023.pdf").length,
    );
  });
});
