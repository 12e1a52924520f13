// Pure classification of a response: challenge/block pages (never parsed), media type from magic bytes,
// Retry-After. Allow-list beats block-list, so report pages also need a positive check (docs/crawl.md, "Blocks").
import type { ResolvedCrawlOptions } from "./options.ts";
import {
  BLOCK_STATUSES,
  CHALLENGES,
  HOST_BACKOFF_STATUSES,
  RETRY_STATUSES,
  SHORT_PAGE_CHARS,
  SOFT_404_TEXT,
  WAF_TEXT,
} from "./policy.ts";

/** The class of a blocked answer (`challenge:ruishu`, `challenge:jiasule`, `challenge:wzws`, `waf`), or undefined. */
export function classifyBlock(
  status: number,
  headers: Record<string, string>,
  text: string,
  textChars: number,
): string | undefined {
  const cookies = headers["set-cookie"] ?? "";
  for (const c of CHALLENGES) {
    if (c.status !== undefined && c.status !== status) continue;
    if (c.pattern.test(text) || c.pattern.test(cookies)) return c.cls;
  }
  // A 412/521 without a known script is still a challenge wall, not a page.
  if (status === 412 || status === 521) return "challenge";
  if (BLOCK_STATUSES.has(status)) return "waf";
  if (status >= 200 && status < 300 && textChars < SHORT_PAGE_CHARS && WAF_TEXT.test(text)) return "waf";
  return undefined;
}

/** A 200 answer that says the page does not exist. */
export function isSoft404(text: string, textChars: number): boolean {
  return textChars < SHORT_PAGE_CHARS && SOFT_404_TEXT.test(text);
}

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

const EXT_TYPES: Record<string, string> = {
  doc: "application/msword",
  wps: "application/vnd.ms-works",
  xls: "application/vnd.ms-excel",
  et: "application/vnd.ms-excel",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ofd: "application/ofd",
};

/** Media type from magic bytes, refined by the URL's extension; never from Content-Type alone (docs/crawl.md, "Archive"). */
export function sniffMediaType(bytes: Uint8Array, url: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(safePath(url))?.[1]?.toLowerCase() ?? "";
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return "application/pdf"; // %PDF
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE2: doc, wps, xls
    return EXT_TYPES[ext] && ["doc", "wps", "xls", "et"].includes(ext) ? EXT_TYPES[ext]! : "application/x-ole-storage";
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // zip: docx, xlsx, ofd
    return EXT_TYPES[ext] && ["docx", "xlsx", "ofd"].includes(ext) ? EXT_TYPES[ext]! : "application/zip";
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return "application/rtf"; // {\rtf
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return "image/gif";
  const head = Buffer.from(bytes.subarray(0, 512))
    .toString("latin1")
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "")
    .trimStart()
    .toLowerCase();
  if (head.startsWith("<?xml")) return /<html/.test(head) ? "text/html" : "application/xml";
  if (
    head.startsWith("<!doctype html") ||
    head.startsWith("<html") ||
    /<(head|body|meta|div|title|script)\b/.test(head)
  )
    return "text/html";
  if (head.startsWith("{") || head.startsWith("[")) return "application/json";
  if (head.startsWith("<")) return "text/html";
  for (const b of bytes.subarray(0, 512)) if (b === 0) return "application/octet-stream";
  return bytes.length ? "text/plain" : "application/x-empty";
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url; // not a URL: use it as a path
  }
}

export function isTextual(mediaType: string): boolean {
  return mediaType.startsWith("text/") || mediaType === "application/json" || mediaType === "application/xml";
}

/** Retry-After as a wait in ms (delta-seconds or an HTTP date, RFC 9110 §10.2.3); undefined if absent or bad. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base × 2^attempt)]. */
export function planBackoff(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** What to do about a failed request: retry it later, defer its host to the next run, or record the failure. */
export type RetryPlan =
  | { kind: "record" }
  | { kind: "defer_host"; retryAfterMs: number }
  /** `holdHost`: the host itself waits too (429/503, or the server named a time). */
  | { kind: "retry"; waitMs: number; holdHost: boolean };

type RetryOptions = Pick<
  ResolvedCrawlOptions,
  "maxRetries" | "retryBaseMs" | "retryCapMs" | "retryAfterMaxMs" | "random"
>;

/**
 * The retry decision for one failed request (docs/crawl.md, "Retries and limits"). `failure` is either a network error
 * (retryable or not) or an HTTP answer with its status and Retry-After (ms from now). Pure.
 */
export function planRetry(
  failure: { network: true; retryable: boolean } | { network: false; status: number; retryAfterMs?: number },
  attempts: number,
  o: RetryOptions,
): RetryPlan {
  const backoff = () => planBackoff(attempts, o.retryBaseMs, o.retryCapMs, o.random);
  if (failure.network)
    return failure.retryable && attempts <= o.maxRetries
      ? { kind: "retry", waitMs: backoff(), holdHost: false }
      : { kind: "record" };
  if (!RETRY_STATUSES.has(failure.status)) return { kind: "record" };
  const after = failure.retryAfterMs;
  // The server asks for more than we wait within a night: the host is deferred to the next run.
  if (after !== undefined && after > o.retryAfterMaxMs) return { kind: "defer_host", retryAfterMs: after };
  if (attempts > o.maxRetries) return { kind: "record" };
  return {
    kind: "retry",
    waitMs: Math.max(after ?? 0, backoff()),
    holdHost: HOST_BACKOFF_STATUSES.has(failure.status) || after !== undefined,
  };
}
