// parseDocument on bytes: encodings sniffed once, lossy decoding said out loud.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/parse/index.ts";
import { factDiff, readExpected, readFixture } from "../helpers.ts";

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
});
