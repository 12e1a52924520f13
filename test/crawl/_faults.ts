// The crawler fault catalogue: for each kind of misbehaving answer, how to serve it and which
// outcome classes the crawl database may record for it. Shared by the fast test and the soak.
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import type { FaultReply, Route } from "./_fault-server.ts";

export const FAULT_KINDS = [
  "drop-early",
  "reset",
  "reset-chunked",
  "drip-idle",
  "drip-total",
  "drip-headers",
  "redirect-drip",
  "gzip-bomb",
  "gzip-ok",
  "gzip-corrupt",
  "length-long",
  "length-long-open",
  "length-short",
  "bad-utf8",
  "gbk-as-utf8",
  "gbk-undeclared",
  "clean",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The crawl options a fault plan is sized against (small, so faults fire within milliseconds). */
export interface FaultLimits {
  bodyTimeoutMs: number;
  pageTimeoutMs: number;
  maxBytes: number;
}

export interface FaultCase {
  kind: FaultKind;
  path: string;
  /** Linked as a PDF (kind attachment) rather than an HTML report page. */
  attachment: boolean;
  /** The fault hits only the first request; the retry gets a clean answer. */
  transient: boolean;
  title: string;
  route: Route;
  /** Classes the crawl database may record for this URL. */
  expect: readonly string[];
  /** Bytes a clean answer archives (for checks that the archive is byte-exact). */
  clean: Buffer;
  note: string;
}

/** Text our test recognizer looks for (the real recognizer belongs to src/parse and may change). */
export const REPORT_MARK = "年度报告正文";
export const recognizeMark = (t: string): boolean => t.includes(REPORT_MARK);

export function reportTitle(i: number): string {
  return `故障${i}县${2000 + (i % 26)}年度政府信息公开工作年度报告`;
}

/** An HTML report page of about `size` bytes once encoded; `meta` adds <meta charset>. */
export function reportHtml(i: number, size = 4000, meta?: string, filler = "一、总体情况。"): string {
  const head = `<html><head>${meta ? `<meta charset="${meta}">` : ""}<title>${reportTitle(i)}</title></head><body><h1>${reportTitle(i)}</h1><p>${REPORT_MARK}</p>`;
  const reps = Math.max(1, Math.ceil((size - head.length * 2) / (filler.length * 3)));
  return `${head}<p>${filler.repeat(reps)}</p></body></html>`;
}

export function fakePdf(i: number, size: number): Buffer {
  const b = Buffer.alloc(size, 0x20);
  b.write(`%PDF-1.4\n% fault ${i}\n`);
  b.write("\n%%EOF\n", size - 7);
  return b;
}

const MIB = 2 ** 20;
const ZERO_MEMBER = gzipSync(Buffer.alloc(MIB), { level: 9 });
/**
 * gzip that inflates to `size` bytes (rounded up to whole MiB): `head`, then zeros. Built from repeated
 * 1 MiB members (a gzip stream may hold several, RFC 1952 §2.2), so a 100 MiB bomb costs ~100 KB to make.
 */
export function gzipBomb(head: Buffer, size: number): Buffer {
  const first = Buffer.alloc(MIB);
  head.copy(first);
  return Buffer.concat([
    gzipSync(first, { level: 9 }),
    ...Array<Buffer>(Math.max(0, Math.ceil(size / MIB) - 1)).fill(ZERO_MEMBER),
  ]);
}

const HTML = { "Content-Type": "text/html; charset=utf-8" };
const PDF = { "Content-Type": "application/pdf" };
const ok = (body: Buffer, attachment: boolean): FaultReply => ({ body, headers: attachment ? PDF : HTML });
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/**
 * One fault case. `r` draws the random parts (cut points, drip rates, bomb ratios, lying lengths), so a
 * seed replays a case exactly.
 */
export function planFault(
  kind: FaultKind,
  i: number,
  r: () => number,
  lim: FaultLimits,
  o: { attachment?: boolean; transient?: boolean } = {},
): FaultCase {
  // Charset and gzip faults are about pages; a resettable body can be either.
  const attachment =
    (o.attachment ?? false) && !["bad-utf8", "gbk-as-utf8", "gbk-undeclared", "gzip-ok"].includes(kind);
  const clean = attachment
    ? fakePdf(i, int(r, 2000, 40_000))
    : Buffer.from(reportHtml(i, int(r, 2000, 40_000), "utf-8"));
  const good: readonly string[] = [attachment ? "attachment" : "report"];
  const path = `/f/${i}-${kind}${attachment ? ".pdf" : ".html"}`;
  const title = reportTitle(i) + (attachment ? ".pdf" : "");
  const base = { kind, path, attachment, title, clean };
  // A transient fault is retried (network and timeout classes only); the retry is answered cleanly.
  const once = (transient: boolean, bad: FaultReply): { route: Route; transient: boolean } => ({
    transient,
    route: (n) => (transient && n > 1 ? ok(clean, attachment) : bad),
  });
  const retryable = (expect: string, bad: FaultReply, note: string): FaultCase => {
    const t = o.transient ?? false;
    return { ...base, ...once(t, bad), expect: t ? good : [expect], note };
  };
  switch (kind) {
    case "drop-early":
      return retryable(
        "network",
        { ...ok(clean, attachment), dropBeforeHead: true, rst: r() < 0.5 },
        "connection dropped before any answer",
      );
    case "reset": {
      const at = int(r, 1, clean.length - 1);
      return retryable(
        "network",
        { ...ok(clean, attachment), cutAt: at, rst: r() < 0.7 },
        `Content-Length ${clean.length}, dropped after ${at} bytes`,
      );
    }
    case "reset-chunked": {
      const at = int(r, 1, clean.length);
      return retryable(
        "network",
        { ...ok(clean, attachment), length: "chunked", cutAt: at, rst: r() < 0.7 },
        `chunked, dropped after ${at} wire bytes`,
      );
    }
    case "drip-idle": {
      const ms = int(r, Math.ceil(lim.bodyTimeoutMs * 1.5), lim.bodyTimeoutMs * 3);
      return retryable(
        "timeout",
        { ...ok(clean, attachment), dripMs: ms, dripBytes: int(r, 1, 64) },
        `a few bytes every ${ms} ms (body idle timeout ${lim.bodyTimeoutMs} ms)`,
      );
    }
    case "drip-total": {
      // Fast enough to keep the idle timer quiet, too slow to finish before the whole-request timeout.
      const ms = int(r, Math.ceil(lim.bodyTimeoutMs / 8), Math.floor(lim.bodyTimeoutMs / 3));
      const bytes = Math.max(1, Math.floor(clean.length / (lim.pageTimeoutMs / ms) / 4));
      return retryable(
        "timeout",
        { ...ok(clean, attachment), dripMs: ms, dripBytes: bytes },
        `${bytes} bytes every ${ms} ms (total timeout ${lim.pageTimeoutMs} ms)`,
      );
    }
    case "drip-headers": {
      const ms = int(r, 20, 60);
      const pad = { ...(attachment ? PDF : HTML), "X-Pad": "x".repeat(Math.ceil(lim.pageTimeoutMs / ms) + 50) };
      return retryable(
        "timeout",
        { body: clean, headers: pad, headerDripMs: ms },
        `header block one byte every ${ms} ms`,
      );
    }
    case "redirect-drip": {
      // undici reads a redirect's body before we follow it; a server can drip that body forever.
      const ms = int(r, Math.ceil(lim.bodyTimeoutMs / 8), Math.floor(lim.bodyTimeoutMs / 3));
      const body = Buffer.alloc(int(r, 10_000, 60_000), 0x20);
      return retryable(
        "timeout",
        { status: 302, headers: { Location: `${path}.moved` }, body, dripMs: ms, dripBytes: 8 },
        `302 whose body comes 8 bytes every ${ms} ms`,
      );
    }
    case "gzip-bomb": {
      const factor = int(r, 2, 400);
      const mib = Math.max(1, Math.ceil((lim.maxBytes * factor) / MIB));
      const gz = gzipBomb(clean.subarray(0, 200), mib * MIB);
      return {
        ...base,
        ...once(false, { body: gz, headers: { ...(attachment ? PDF : HTML), "Content-Encoding": "gzip" } }),
        expect: ["too_large"],
        note: `${gz.length} bytes of gzip inflating to ${mib} MiB (cap ${lim.maxBytes} bytes)`,
      };
    }
    case "gzip-ok": {
      const gz = gzipSync(clean);
      return {
        ...base,
        ...once(false, { body: gz, headers: { ...HTML, "Content-Encoding": "gzip" } }),
        expect: good,
        note: `${gz.length} bytes of gzip → ${clean.length}`,
      };
    }
    case "gzip-corrupt": {
      const gz = gzipSync(clean);
      const truncated = r() < 0.5;
      const body = truncated
        ? gz.subarray(0, int(r, 10, gz.length - 9))
        : Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0]), clean]);
      return {
        ...base,
        ...once(false, { body, headers: { ...(attachment ? PDF : HTML), "Content-Encoding": "gzip" } }),
        expect: ["bad_content_encoding"],
        note: truncated
          ? `gzip member cut to ${body.length} of ${gz.length} bytes (Content-Length agrees)`
          : "a gzip header on plain bytes",
      };
    }
    case "length-long-open": {
      const extra = int(r, 1, 10_000);
      return retryable(
        "timeout",
        { ...ok(clean, attachment), length: clean.length + extra },
        `Content-Length ${clean.length + extra} for ${clean.length} bytes, connection left open`,
      );
    }
    case "length-long": {
      const extra = int(r, 1, 10_000);
      return retryable(
        "network",
        { ...ok(clean, attachment), length: clean.length + extra, close: true },
        `Content-Length ${clean.length + extra} for ${clean.length} bytes, then FIN`,
      );
    }
    case "length-short": {
      // HTTP says the message is Content-Length bytes; the rest is garbage on the connection. The crawler
      // keeps what was declared (it cannot know better) and must not let the garbage poison the next answer.
      const declared = int(r, Math.floor(clean.length / 2), clean.length - 1);
      const shortBody = clean.subarray(0, declared);
      const expect = attachment
        ? ["attachment"]
        : shortBody.includes(Buffer.from(REPORT_MARK))
          ? ["report"]
          : ["not_report"];
      return {
        ...base,
        ...once(false, { ...ok(clean, attachment), length: declared, close: r() < 0.5 }),
        expect,
        clean: shortBody,
        note: `Content-Length ${declared} for ${clean.length} bytes`,
      };
    }
    case "bad-utf8": {
      const html = Buffer.from(reportHtml(i, clean.length, "utf-8"));
      // Bad bytes after the title and mark, so a decoder that keeps going still sees them.
      const from = html.indexOf(REPORT_MARK) + Buffer.byteLength(REPORT_MARK) + 10;
      for (let k = 0, n = int(r, 1, 20); k < n; k++)
        html[int(r, from, html.length - 20)] = [0xff, 0xc0, 0x80, 0xfe][k % 4]!;
      // "not_report" is a known fault of src/parse/decode.ts, not of the crawler: when UTF-8 leaves more
      // U+FFFD than GB18030 does, it picks the GB18030 mojibake over the declared charset (see faults.test.ts).
      return {
        ...base,
        clean: html,
        ...once(false, { body: html, headers: HTML }),
        expect: ["report", "not_report"],
        note: "utf-8 declared, invalid bytes inside",
      };
    }
    case "gbk-as-utf8":
    case "gbk-undeclared": {
      const declared = kind === "gbk-as-utf8";
      const gbk = iconv.encode(reportHtml(i, clean.length, declared ? "utf-8" : undefined), "gbk");
      return {
        ...base,
        clean: gbk,
        ...once(false, { body: gbk, headers: declared ? HTML : { "Content-Type": "text/html" } }),
        expect: ["report"],
        note: declared ? "GBK bytes, utf-8 in header and meta" : "GBK bytes, no charset anywhere",
      };
    }
    case "clean":
      return { ...base, ...once(false, ok(clean, attachment)), expect: good, note: "well-behaved" };
  }
}

/** The list page linking every case by its report title (so discovery keeps each link). */
export function faultListHtml(cases: readonly FaultCase[]): string {
  const items = cases.map((c) => `<li><a href="${c.path}" title="${c.title}">${c.title}</a></li>`);
  return `<html><head><meta charset="utf-8"><title>年报</title></head><body><ul>${items.join("")}</ul></body></html>`;
}
