// Bytes are decoded once (docs/parse.md, "Decoding"): BOM, then the HTTP header, then
// <meta charset>/http-equiv in the first 1024 bytes, then a sniff. GB2312/GBK decode as GB18030.
// A declared charset that cannot decode the bytes is passed over (and recorded as a conflict).
import { isUtf8 } from "node:buffer";

/** Pages labelled GB2312 often use GBK-only characters; GB18030 is a superset of both. */
const GB_LABELS = new Set([
  "gb2312",
  "gbk",
  "x-gbk",
  "cp936",
  "gb18030",
  "euc-cn",
  "csgb2312",
  "windows-936",
  "gb_2312-80",
  "chinese",
  "iso-ir-58",
  "csgb231280",
  "csiso58gb231280",
]);
/**
 * Single-byte labels decode any bytes without error, so they cannot be tested; servers and old
 * templates put them on Chinese pages by default. They are tried only after both sniffs.
 */
const WEAK = "windows-1252";
/** The HTML prescan length (WHATWG encoding sniffing, html-encoding-sniffer). */
const PRESCAN_BYTES = 1024;
/** A GB label on bytes that are valid UTF-8 with this many multibyte characters is wrong: GBK text is never that. */
const UTF8_EVIDENCE = 8;

export type CharsetSource = "bom" | "header" | "meta" | "sniff" | "default";

export interface DecodedText {
  text: string;
  charset: { declared?: string; source: CharsetSource; used: string };
  /** True when no candidate decoded without U+FFFD; the one with the fewest was used. */
  lossy: boolean;
  /** True when a declared charset was passed over or the header and the meta tag disagree (CHARSET_CONFLICT). */
  conflict: boolean;
  /** Set when the declared charset decodes badly and another one was used: what was declared and used. */
  mismatch?: string;
}

/** Multibyte charsets other than GB whose decoders accept most GBK byte pairs, into mojibake. */
const LOOSE_CJK = new Set(["big5", "shift_jis", "euc-jp", "euc-kr"]);
/** Words every report prints many times, in simplified and traditional forms. */
const REPORT_WORDS_RE = /政府|年度|信息|公开|公開|申请|申請|报告|報告|工作|情况|情況/g;
const reportWords = (t: string) => t.match(REPORT_WORDS_RE)?.length ?? 0;

/**
 * A declared GB-incompatible CJK charset that "decodes" GBK bytes: GB18030 is used instead when it
 * reads clearly more of the words every report prints (at least 5, and twice as many).
 */
function betterThanDeclared(bytes: Uint8Array, enc: string, text: string): string | undefined {
  if (!LOOSE_CJK.has(enc)) return undefined;
  const alt = decodeStrict(bytes, "gb18030");
  if (alt === undefined) return undefined;
  const a = reportWords(alt);
  return a >= 5 && a >= 2 * reportWords(text) ? alt : undefined;
}

/** The decoder a label means (WHATWG labels), with every GB label folded into GB18030. */
export function canonicalCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (GB_LABELS.has(l)) return "gb18030";
  if (l === "utf8" || l === "utf-8") return "utf-8";
  if (l === "big5" || l === "big5-hkscs") return "big5";
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return undefined; // an unknown label declares nothing usable; the next source decides
  }
}

export function charsetFromContentType(ct: string | undefined): string | undefined {
  const m = ct ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(ct) : null;
  return m?.[1];
}

/**
 * The charset a page declares in its first 1024 bytes (meta charset or http-equiv), skipping
 * comments. UTF-16 in a meta tag means UTF-8 (the bytes were read as ASCII to find it).
 */
export function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  let head = Buffer.from(bytes.subarray(0, PRESCAN_BYTES)).toString("latin1");
  head = head.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  for (const tag of head.matchAll(/<meta\b[^>]*/gi)) {
    const m = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag[0]);
    if (!m?.[1]) continue;
    const label = m[1];
    if (/^utf-?16/i.test(label)) return "utf-8";
    if (/^x-user-defined$/i.test(label)) return WEAK;
    return label;
  }
  return undefined;
}

function bomCharset(b: Uint8Array): { enc: string; length: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { enc: "utf-8", length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { enc: "utf-16le", length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { enc: "utf-16be", length: 2 };
  return undefined;
}

/** The text, or undefined when the bytes are not valid in `enc` (a literal U+FFFD in the source is fine). */
function decodeStrict(bytes: Uint8Array, enc: string): string | undefined {
  // Node's native UTF-8 validator is several times faster than a fatal TextDecoder on large pages.
  if (enc === "utf-8")
    return isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8") : undefined;
  try {
    return new TextDecoder(enc, { fatal: true }).decode(bytes);
  } catch {
    return undefined; // invalid in this encoding: the caller tries the next candidate
  }
}

function countReplacement(text: string): number {
  let bad = 0;
  for (let i = text.indexOf("\uFFFD"); i !== -1; i = text.indexOf("\uFFFD", i + 1)) bad++;
  return bad;
}

/** Valid UTF-8 holding at least `UTF8_EVIDENCE` multibyte characters. */
function isConfidentUtf8(bytes: Uint8Array): boolean {
  let multi = 0;
  for (const x of bytes) if (x >= 0xc2 && x <= 0xf4 && ++multi >= UTF8_EVIDENCE) break;
  return multi >= UTF8_EVIDENCE && decodeStrict(bytes, "utf-8") !== undefined;
}

interface Candidate {
  enc: string;
  source: CharsetSource;
  declared?: string;
}

/** Decode bytes once. `contentType` is the HTTP header when the bytes came over HTTP. */
export function decodeBytes(bytes: Uint8Array, opts: { contentType?: string } = {}): DecodedText {
  const bom = bomCharset(bytes);
  if (bom) {
    const text = new TextDecoder(bom.enc).decode(bytes.subarray(bom.length));
    return {
      text,
      charset: { declared: bom.enc, source: "bom", used: bom.enc },
      lossy: countReplacement(text) > 0,
      conflict: false,
    };
  }
  const header = charsetFromContentType(opts.contentType);
  const meta = sniffMetaCharset(bytes);
  const hc = canonicalCharset(header);
  const mc = canonicalCharset(meta);
  const strong: Candidate[] = [];
  const weak: Candidate[] = [];
  if (hc) (hc === WEAK ? weak : strong).push({ enc: hc, source: "header", declared: header });
  if (mc) (mc === WEAK ? weak : strong).push({ enc: mc, source: "meta", declared: meta });
  const candidates: Candidate[] = [
    ...strong,
    // Sniff: valid UTF-8 first, then GB18030 (Chinese government pages are one or the other).
    { enc: "utf-8", source: "sniff" },
    { enc: "gb18030", source: "sniff" },
    ...weak,
  ];
  const conflictWith = (used: string) => (hc !== undefined && hc !== used) || (mc !== undefined && mc !== used);
  const utf8 = candidates.some((c) => c.enc === "gb18030" && c.source !== "sniff") && isConfidentUtf8(bytes);
  const declared = header ?? meta;
  for (const c of candidates) {
    // GB18030 maps almost any byte pair, so it decodes UTF-8 bytes without error into mojibake.
    const text = c.enc === "gb18030" && utf8 ? undefined : decodeStrict(bytes, c.enc);
    if (text === undefined) continue;
    const d = c.declared ?? declared;
    const gb = c.source === "sniff" ? undefined : betterThanDeclared(bytes, c.enc, text);
    if (gb !== undefined) {
      return {
        text: gb,
        charset: { declared: d ?? c.enc, source: "sniff", used: "gb18030" },
        lossy: false,
        conflict: true,
        mismatch: `declared ${d ?? c.enc}, but the bytes read as GB18030 (GBK); decoded as GB18030`,
      };
    }
    const dc = canonicalCharset(declared);
    // A single-byte default (windows-1252) declares nothing a reader relies on; anything else passed over is a mismatch.
    const passedOver = dc !== undefined && dc !== WEAK && c.source === "sniff" && dc !== c.enc;
    return {
      text,
      charset: { ...(d ? { declared: d } : {}), source: c.source, used: c.enc },
      lossy: false,
      conflict: conflictWith(c.enc),
      ...(passedOver ? { mismatch: `declared ${declared}, which does not decode the bytes; decoded as ${c.enc}` } : {}),
    };
  }
  // Nothing decodes cleanly. Mostly-valid UTF-8 wins: GB18030 maps nearly any byte pair without a
  // replacement character, so "fewest U+FFFD" would turn a UTF-8 page with a few bad bytes into mojibake.
  const u = new TextDecoder("utf-8").decode(bytes);
  const uBad = countReplacement(u);
  let uMulti = 0;
  for (let i = 0; i < u.length; i++) {
    const ch = u.charCodeAt(i);
    if (ch > 0x7f && ch !== 0xfffd) uMulti++;
  }
  if (uMulti >= UTF8_EVIDENCE && uBad * 20 <= uMulti) {
    const d = hc === "utf-8" ? header : mc === "utf-8" ? meta : declared;
    return {
      text: u,
      charset: {
        ...(d ? { declared: d } : {}),
        source: hc === "utf-8" ? "header" : mc === "utf-8" ? "meta" : "sniff",
        used: "utf-8",
      },
      lossy: true,
      conflict: conflictWith("utf-8"),
    };
  }
  // Otherwise the candidate with the fewest replacement characters, first on ties.
  let best: { text: string; bad: number; c: Candidate } | undefined;
  for (const c of candidates) {
    const text = new TextDecoder(c.enc).decode(bytes);
    const bad = countReplacement(text);
    if (!best || bad < best.bad) best = { text, bad, c };
  }
  const b = best!;
  const d = b.c.declared ?? declared;
  return {
    text: b.text,
    charset: { ...(d ? { declared: d } : {}), source: b.c.source, used: b.c.enc },
    lossy: true,
    conflict: conflictWith(b.c.enc),
  };
}
