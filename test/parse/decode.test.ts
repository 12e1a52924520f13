// Decoding once (CRAWL.md §5, STYLE habit 4): BOM, then the HTTP header, then <meta charset> /
// http-equiv in the first 1024 bytes, then a sniff; every GB label decodes as GB18030.
import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { canonicalCharset, charsetFromContentType, decodeBytes, sniffMetaCharset } from "../../src/parse/decode.ts";
import { readFixtureBytes } from "../helpers.ts";

const TEXT = "平潭综合实验区2025年度政府信息公开工作年度报告：本年新收政府信息公开申请数量154件。";
const gbk = (s: string) => iconv.encode(s, "gbk");
const utf8 = (s: string) => Buffer.from(s, "utf8");
const page = (meta: string) => `<html><head>${meta}<title>t</title></head><body><p>${TEXT}</p></body></html>`;

describe("labels", () => {
  test.each(["gb2312", "GBK", "x-gbk", "cp936", "GB18030", "csGB2312", "euc-cn", "'gb2312'"])(
    "%s decodes as gb18030",
    (l) => {
      expect(canonicalCharset(l)).toBe("gb18030");
    },
  );
  test("UTF-8 spellings, Latin-1 as windows-1252, unknown labels ignored", () => {
    expect(canonicalCharset("UTF8")).toBe("utf-8");
    expect(canonicalCharset("iso-8859-1")).toBe("windows-1252");
    expect(canonicalCharset("no-such-charset")).toBeUndefined();
    expect(canonicalCharset(undefined)).toBeUndefined();
  });
  test("the Content-Type charset parameter", () => {
    expect(charsetFromContentType("text/html; charset=GBK")).toBe("GBK");
    expect(charsetFromContentType('text/html;charset="utf-8"')).toBe("utf-8");
    expect(charsetFromContentType("text/html")).toBeUndefined();
  });
});

describe("meta prescan", () => {
  test("meta charset and http-equiv, either attribute order", () => {
    expect(sniffMetaCharset(utf8('<meta charset="gb2312">'))).toBe("gb2312");
    expect(sniffMetaCharset(utf8('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">'))).toBe("GBK");
    expect(sniffMetaCharset(utf8('<meta content="text/html; charset=utf-8" http-equiv="Content-Type">'))).toBe("utf-8");
  });
  test("a charset inside a comment is not a declaration", () => {
    expect(sniffMetaCharset(utf8('<!-- <meta charset="gbk"> --><meta charset="utf-8">'))).toBe("utf-8");
  });
  test("only the first 1024 bytes are scanned", () => {
    expect(sniffMetaCharset(utf8(`<html>${" ".repeat(1100)}<meta charset="gbk">`))).toBeUndefined();
  });
  test("utf-16 in a meta tag means utf-8 (the tag was read as ASCII)", () => {
    expect(sniffMetaCharset(utf8('<meta charset="utf-16le">'))).toBe("utf-8");
  });
});

describe("decodeBytes: the order", () => {
  test("a BOM beats the header and the meta tag", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(page('<meta charset="gbk">'))]);
    const d = decodeBytes(bytes, { contentType: "text/html; charset=gbk" });
    expect(d.charset).toEqual({ declared: "utf-8", source: "bom", used: "utf-8" });
    expect(d.text.startsWith("<html>")).toBe(true);
    expect(d.text).toContain(TEXT);
  });
  test("a UTF-16LE BOM", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")]);
    expect(decodeBytes(bytes).text).toBe(TEXT);
  });
  test("the header beats the meta tag when both decode", () => {
    const bytes = gbk(page('<meta charset="big5">'));
    const d = decodeBytes(bytes, { contentType: "text/html; charset=gbk" });
    expect(d.charset).toMatchObject({ source: "header", used: "gb18030", declared: "gbk" });
    expect(d.text).toContain(TEXT);
    expect(d.conflict).toBe(true);
  });
  test("the meta tag when there is no header", () => {
    const d = decodeBytes(gbk(page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')));
    expect(d.charset).toEqual({ declared: "gb2312", source: "meta", used: "gb18030" });
    expect(d.text).toContain(TEXT);
    expect(d).toMatchObject({ lossy: false, conflict: false });
  });
  test("a sniff when nothing is declared: UTF-8, else GB18030", () => {
    expect(decodeBytes(utf8(page(""))).charset).toEqual({ source: "sniff", used: "utf-8" });
    const d = decodeBytes(gbk(page("")));
    expect(d.charset).toEqual({ source: "sniff", used: "gb18030" });
    expect(d.text).toContain(TEXT);
  });
  test("a meta tag past 1024 bytes is not seen: the sniff decides, correctly", () => {
    const d = decodeBytes(gbk(`<html>${" ".repeat(1100)}<meta charset="gbk"><p>${TEXT}</p>`));
    expect(d.charset.source).toBe("sniff");
    expect(d.text).toContain(TEXT);
  });
});

describe("decodeBytes: wrong declarations", () => {
  test("a page labelled GB2312 with GBK-only characters decodes fully (GB18030 ⊇ GBK ⊇ GB2312)", () => {
    const s = "朱镕基、王喆、张珺在浙江嵊州"; // 镕 喆 珺 嵊 are not in GB2312
    const bytes = gbk(page(`<meta charset="gb2312"><p>${s}</p>`));
    expect(bytes.includes(gbk("镕"))).toBe(true);
    const d = decodeBytes(bytes);
    expect(d.text).toContain(s);
    expect(d.lossy).toBe(false);
  });
  test("header says UTF-8, bytes are GBK: the header is passed over for the meta tag", () => {
    const d = decodeBytes(gbk(page('<meta charset="gb2312">')), { contentType: "text/html; charset=utf-8" });
    expect(d.charset).toMatchObject({ source: "meta", used: "gb18030" });
    expect(d.text).toContain(TEXT);
    expect(d.conflict).toBe(true);
  });
  test("header says GBK, bytes are UTF-8: GB18030 would decode them into mojibake without an error, so UTF-8 wins", () => {
    const bytes = utf8(page('<meta charset="utf-8">'));
    expect(new TextDecoder("gb18030").decode(bytes)).not.toContain(TEXT);
    const d = decodeBytes(bytes, { contentType: "text/html; charset=GBK" });
    expect(d.charset).toMatchObject({ source: "meta", used: "utf-8" });
    expect(d.text).toContain(TEXT);
    expect(d.conflict).toBe(true);
  });
  test("meta says gb2312 on UTF-8 bytes with an even number of CJK characters (decodes cleanly as GB18030)", () => {
    const s = "平潭综合实验区政府信息公开年度报告"; // 16 characters = 48 bytes: GB18030 pairs them all
    const bytes = utf8(`<meta charset="gb2312"><p>${s}</p>`);
    expect(() => new TextDecoder("gb18030", { fatal: true }).decode(bytes)).not.toThrow();
    const d = decodeBytes(bytes);
    expect(d.text).toContain(s);
    expect(d.charset).toMatchObject({ source: "sniff", used: "utf-8", declared: "gb2312" });
  });
  test("an ISO-8859-1 header (a server default) on a GBK page: single-byte labels come after the sniffs", () => {
    const d = decodeBytes(gbk(page("")), { contentType: "text/html; charset=ISO-8859-1" });
    expect(d.charset).toMatchObject({ source: "sniff", used: "gb18030" });
    expect(d.text).toContain(TEXT);
  });
  test("an ISO-8859-1 page that is neither UTF-8 nor GB18030 still decodes as windows-1252", () => {
    const bytes = Buffer.from("<p>caf\xe9 cr\xe8me</p>", "latin1");
    const d = decodeBytes(bytes, { contentType: "text/html; charset=ISO-8859-1" });
    expect(d.text).toBe("<p>café crème</p>");
    expect(d.charset.used).toBe("windows-1252");
  });
  test("a literal U+FFFD in a UTF-8 page is text, not a decoding failure", () => {
    const d = decodeBytes(utf8(page(`<meta charset="utf-8"><p>\uFFFD</p>`)));
    expect(d.charset.used).toBe("utf-8");
    expect(d.lossy).toBe(false);
  });
  test("bytes no candidate can decode: the fewest replacement characters, flagged lossy", () => {
    const bytes = Buffer.concat([utf8(TEXT), Buffer.from([0xff])]);
    const d = decodeBytes(bytes);
    expect(d.lossy).toBe(true);
    expect(d.text).toBe(`${TEXT}\uFFFD`);
  });
});

describe("the committed twins", () => {
  test("the seed page in GB2312 decodes to the UTF-8 page's text", () => {
    const a = decodeBytes(readFixtureBytes("parse/html/seed-2021.utf8.html"));
    const b = decodeBytes(readFixtureBytes("parse/html/seed-2021.gb2312.html"));
    expect(a.charset).toEqual({ declared: "utf-8", source: "meta", used: "utf-8" });
    expect(b.charset).toEqual({ declared: "gb2312", source: "meta", used: "gb18030" });
    const strip = (t: string) => t.replace(/<meta[^>]*charset[^>]*>/, "");
    expect(strip(b.text)).toBe(strip(a.text));
  });
});
