// parseDocument on bytes: encodings sniffed once, lossy decoding said out loud.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/parse/index.ts";
import { factDiff, readExpected, readFixture, readFixtureBytes } from "../helpers.ts";

const seed = readFixture("corpus/seed.txt");
const expected = readExpected("corpus/seed.expected.json").facts;

describe("parseDocument", () => {
  it("reads the seed's text as GBK bytes with no charset declared exactly like the UTF-8 file", async () => {
    const r = await parseDocument({ bytes: iconv.encode(seed, "gbk"), path: "seed.gbk.txt" });
    expect(factDiff(expected, r.facts)).toEqual([]);
    expect(r.source.charset).toBe("gb18030");
    expect(r.status).toBe("ok");
  });

  it("flags a document whose bytes no charset decodes cleanly, even when every number reads", async () => {
    const bytes = Buffer.from(seed, "utf8");
    const at = bytes.indexOf(Buffer.from("一、总体情况", "utf8"));
    const broken = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3]), bytes.subarray(at)]);
    const r = await parseDocument({ bytes: broken, path: "seed-broken.txt" });
    expect(factDiff(expected, r.facts)).toEqual([]);
    expect(r.flags.map((f) => f.code)).toContain("ENCODING_LOSSY");
    expect(r.status).toBe("flagged");
  });

  it("parses a PDF without pdf.js's polyfills leaking into this process (push, JSON.parse, Promise.withResolvers)", async () => {
    // pdf.js's legacy build replaces built-ins with core-js versions in the realm that loads it; it
    // runs in a worker so that this realm keeps V8's own (imports are hoisted, so test what remains native).
    const r = await parseDocument({
      bytes: readFixtureBytes("corpus/pdf/huaian-hongzequ-2024.pdf"),
      path: "hongzequ-2024.pdf",
    });
    expect(r.source.shape).toBe("pdf-text");
    // core-js disguises its replacements as native code, but it registers its shared store here.
    expect("__core-js_shared__" in globalThis).toBe(false);
    expect("pdfjsLib" in globalThis).toBe(false);
  });
});
