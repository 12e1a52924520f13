// Bytes are decoded once (STYLE habit 4, CRAWL.md §5): BOM, then the HTTP header, then
// <meta charset>/http-equiv in the first 1024 bytes, then a sniff. GB2312/GBK decode as GB18030.

/** Pages labelled GB2312 often use GBK-only characters; GB18030 is a superset of both. */
const GB_LABELS = new Set(["gb2312", "gbk", "x-gbk", "cp936", "gb18030", "euc-cn", "csgb2312", "windows-936"]);

export interface DecodedText {
  text: string;
  charset: { declared?: string; source: "bom" | "header" | "meta" | "sniff" | "default"; used: string };
  /** True when the chosen decoder produced U+FFFD and no other candidate did better. */
  lossy: boolean;
}

function canonical(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, "");
  if (GB_LABELS.has(l)) return "gb18030";
  if (l === "utf8" || l === "utf-8") return "utf-8";
  if (l === "big5" || l === "big5-hkscs") return "big5";
  try { return new TextDecoder(l).encoding; } catch { return undefined; /* unknown label: ignore it */ }
}

export function charsetFromContentType(ct: string | undefined): string | undefined {
  const m = ct ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(ct) : null;
  return m?.[1];
}

/** The charset a page declares in its first 1024 bytes (meta charset or http-equiv). */
export function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m?.[1];
}

function bomCharset(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return "utf-8";
  if (b[0] === 0xff && b[1] === 0xfe) return "utf-16le";
  if (b[0] === 0xfe && b[1] === 0xff) return "utf-16be";
  return undefined;
}

function tryDecode(bytes: Uint8Array, enc: string): { text: string; bad: number } {
  const text = new TextDecoder(enc, { ignoreBOM: false }).decode(bytes);
  let bad = 0;
  for (let i = text.indexOf("\uFFFD"); i !== -1; i = text.indexOf("\uFFFD", i + 1)) bad++;
  return { text, bad };
}

/** Decode bytes once. `contentType` is the HTTP header when the bytes came over HTTP. */
export function decodeBytes(bytes: Uint8Array, opts: { contentType?: string } = {}): DecodedText {
  const bom = bomCharset(bytes);
  if (bom) return { text: tryDecode(bytes, bom).text, charset: { declared: bom, source: "bom", used: bom }, lossy: false };
  const candidates: { enc: string; source: DecodedText["charset"]["source"]; declared?: string }[] = [];
  const header = charsetFromContentType(opts.contentType);
  const hc = canonical(header);
  // Servers default to ISO-8859-1 on error pages; a single-byte label never fails to decode,
  // so it is tried only after the page's own meta and a UTF-8 sniff.
  const weakHeader = hc === "windows-1252";
  if (hc && !weakHeader) candidates.push({ enc: hc, source: "header", declared: header });
  const meta = sniffMetaCharset(bytes);
  const mc = canonical(meta);
  if (mc) candidates.push({ enc: mc, source: "meta", declared: meta });
  // Sniff: valid UTF-8 first, then GB18030 (Chinese government pages are one or the other).
  candidates.push({ enc: "utf-8", source: "sniff" });
  if (hc && weakHeader) candidates.push({ enc: hc, source: "header", declared: header });
  candidates.push({ enc: "gb18030", source: "sniff" });
  let best: { text: string; bad: number; c: (typeof candidates)[number] } | undefined;
  for (const c of candidates) {
    const d = tryDecode(bytes, c.enc);
    if (d.bad === 0) return { text: d.text, charset: { declared: c.declared ?? header ?? meta, source: c.source, used: c.enc }, lossy: false };
    if (!best || d.bad < best.bad) best = { ...d, c };
  }
  const b = best!;
  return { text: b.text, charset: { declared: b.c.declared ?? header ?? meta, source: b.c.source, used: b.c.enc }, lossy: true };
}
