// Crawl options: one object, defaults at the top, resolved once. Defaults are polite:
// one request in flight per host, ≥ 2 s between requests plus 0–1 s jitter, robots.txt always obeyed.
import type { LookupFunction } from "node:net";
import type { Dispatcher } from "undici";
import type { HostGate } from "./postgres.ts";
import type { Db } from "./_store.ts";
import { CrawlError } from "./errors.ts";
import type { CrawlEvent } from "./events.ts";
import { USER_AGENT } from "./policy.ts";

export interface CrawlOptions {
  /**
   * Crawl database (frontier, fetch log, validators, host state): a SQLite file, or `postgres://…?schema=…`
   * for the crawl schema beside that PostgreSQL dataset. @default "data/crawl.db"
   */
  db?: string;
  /** An open crawl database to use instead of opening `db` (several crawls of one process share it); not closed. */
  database?: Db;
  /**
   * Resume the newest unfinished run (`any`), or only an unfinished run of exactly the selected sites
   * (`same-sites`: processes crawling different sites share one database). @default "any"
   */
  resume?: "any" | "same-sites";
  /** Cross-process politeness (createPgHostGate): every request to a host waits for its lease. */
  hostGate?: HostGate;
  /** Raw archive directory; bodies are stored as `<raw>/<ab>/<cd>/<sha256>`. @default "data/raw" */
  raw?: string;
  /** Only these site ids (default: every enabled site). */
  siteIds?: readonly string[];
  /** Minimum gap between two requests to one host, ms; a site's `delayMs` overrides it. @default 2000 */
  delayMs?: number;
  /** Random 0..jitterMs added to each gap, ms. @default 1000 */
  jitterMs?: number;
  /** Gap is at least this × the host's last response time (docs/crawl.md, "Politeness"); 0 turns it off. @default 2 */
  adaptiveFactor?: number;
  /** Hosts fetched at the same time. @default 8 */
  concurrency?: number;
  /** Retries after the first attempt on network errors, 408, 429, 5xx. @default 3 */
  maxRetries?: number;
  /** Backoff base: attempt n waits up to retryBaseMs × 2ⁿ (full jitter), ms. @default 2000 */
  retryBaseMs?: number;
  /** Backoff cap, ms. @default 300000 (5 min) */
  retryCapMs?: number;
  /** A longer Retry-After defers the URL to the next run, ms. @default 3600000 (1 h) */
  retryAfterMaxMs?: number;
  /** TCP+TLS connect timeout, ms. @default 10000 */
  connectTimeoutMs?: number;
  /** Time to response headers, ms. @default 30000 */
  headersTimeoutMs?: number;
  /** Longest silence while reading a body, ms. @default 60000 */
  bodyTimeoutMs?: number;
  /** Whole request for HTML pages, ms. @default 60000 */
  pageTimeoutMs?: number;
  /** Whole request for attachments, ms. @default 600000 (10 min) */
  documentTimeoutMs?: number;
  /** Largest HTML/list body, bytes. @default 5 MiB */
  maxPageBytes?: number;
  /** Largest attachment, bytes. @default 200 MiB */
  maxDocumentBytes?: number;
  /** Redirect hops per request. @default 5 */
  maxRedirects?: number;
  /** Consecutive blocked answers before a host's breaker opens. @default 3 */
  breakerThreshold?: number;
  /** How long an open breaker keeps a host out (persisted across runs), ms. @default 86400000 (24 h) */
  cooldownMs?: number;
  /** No finished request for this long → the run stops with STALLED (resumable), ms. @default 600000 */
  stallMs?: number;
  /** List pages fetched per site per run, a guard against endless pagination. @default 2000 */
  maxListPages?: number;
  /** Stop paging once this many consecutive list pages held only known items (later runs). @default 2 */
  knownPagesToStop?: number;
  /** Attachment links taken from one page; more are dropped and the page's document says so. @default 100 */
  maxAttachmentsPerPage?: number;
  /** Bytes archived per site per run; past it the site's remaining URLs are skipped as `archive_cap`. @default 2 GiB */
  maxArchiveBytesPerSite?: number;
  /** User-Agent header. @default USER_AGENT (names the project and a contact URL) */
  userAgent?: string;
  /** undici dispatcher; by default an Agent built from the timeouts above. */
  dispatcher?: Dispatcher;
  /** Name resolution for the default dispatcher's connections (net.connect's `lookup`); tests and benches
   * point many host names at 127.0.0.1 with it. @default dns.lookup */
  lookup?: LookupFunction;
  /** Progress and log events. */
  onEvent?: (e: CrawlEvent) => void;
  /** Clock, ms since epoch (tests). @default Date.now */
  now?: () => number;
  /** Random source in [0,1) for jitter (tests). @default Math.random */
  random?: () => number;
  /** Stop cleanly when aborted; the frontier stays resumable. */
  signal?: AbortSignal;
  /**
   * Parser hook: is this page text (parse's htmlToText of an HTML page, the decoded text otherwise) an
   * annual report? @default recognizeReport from src/parse, i.e. recognizePage's rule
   */
  recognize?: (pageText: string) => boolean;
}

type Unresolved = "siteIds" | "dispatcher" | "lookup" | "onEvent" | "signal" | "recognize" | "database" | "hostGate";
export type ResolvedCrawlOptions = Required<Omit<CrawlOptions, Unresolved>> & Pick<CrawlOptions, Unresolved>;

function check(name: string, v: number, min: number, unit: string): number {
  if (!Number.isFinite(v) || v < min) {
    throw new CrawlError("BAD_OPTIONS", name, `${name} must be a number ≥ ${min} ${unit} (got ${v})`);
  }
  return v;
}

export function resolveCrawlOptions(o: CrawlOptions = {}): ResolvedCrawlOptions {
  const {
    db = "data/crawl.db",
    raw = "data/raw",
    resume = "any",
    delayMs = 2000,
    jitterMs = 1000,
    adaptiveFactor = 2,
    concurrency = 8,
    maxRetries = 3,
    retryBaseMs = 2000,
    retryCapMs = 300_000,
    retryAfterMaxMs = 3_600_000,
    connectTimeoutMs = 10_000,
    headersTimeoutMs = 30_000,
    bodyTimeoutMs = 60_000,
    pageTimeoutMs = 60_000,
    documentTimeoutMs = 600_000,
    maxPageBytes = 5 * 2 ** 20,
    maxDocumentBytes = 200 * 2 ** 20,
    maxRedirects = 5,
    breakerThreshold = 3,
    cooldownMs = 86_400_000,
    stallMs = 600_000,
    maxListPages = 2000,
    knownPagesToStop = 2,
    maxAttachmentsPerPage = 100,
    maxArchiveBytesPerSite = 2 * 2 ** 30,
    userAgent = USER_AGENT,
    now = Date.now,
    random = Math.random,
  } = o;
  check("delayMs", delayMs, 0, "ms");
  check("jitterMs", jitterMs, 0, "ms");
  check("adaptiveFactor", adaptiveFactor, 0, "");
  check("concurrency", concurrency, 1, "hosts");
  check("maxRetries", maxRetries, 0, "retries");
  check("retryBaseMs", retryBaseMs, 0, "ms");
  check("retryCapMs", retryCapMs, retryBaseMs, "ms (retryBaseMs)");
  for (const [k, v] of Object.entries({
    connectTimeoutMs,
    headersTimeoutMs,
    bodyTimeoutMs,
    pageTimeoutMs,
    documentTimeoutMs,
    stallMs,
  }))
    check(k, v, 1, "ms");
  check("maxPageBytes", maxPageBytes, 1024, "bytes");
  check("maxDocumentBytes", maxDocumentBytes, 1024, "bytes");
  check("maxRedirects", maxRedirects, 0, "hops");
  check("breakerThreshold", breakerThreshold, 1, "blocks");
  check("maxListPages", maxListPages, 1, "pages");
  check("knownPagesToStop", knownPagesToStop, 1, "pages");
  check("maxAttachmentsPerPage", maxAttachmentsPerPage, 0, "links");
  check("maxArchiveBytesPerSite", maxArchiveBytesPerSite, 1024, "bytes");
  if (!userAgent.trim())
    throw new CrawlError(
      "BAD_OPTIONS",
      "userAgent",
      "userAgent must name the crawler and a contact (got an empty string)",
    );
  return {
    db,
    raw,
    resume,
    delayMs,
    jitterMs,
    adaptiveFactor,
    concurrency,
    maxRetries,
    retryBaseMs,
    retryCapMs,
    retryAfterMaxMs,
    connectTimeoutMs,
    headersTimeoutMs,
    bodyTimeoutMs,
    pageTimeoutMs,
    documentTimeoutMs,
    maxPageBytes,
    maxDocumentBytes,
    maxRedirects,
    breakerThreshold,
    cooldownMs,
    stallMs,
    maxListPages,
    knownPagesToStop,
    maxAttachmentsPerPage,
    maxArchiveBytesPerSite,
    userAgent,
    now,
    random,
    siteIds: o.siteIds,
    dispatcher: o.dispatcher,
    lookup: o.lookup,
    onEvent: o.onEvent,
    signal: o.signal,
    recognize: o.recognize,
    database: o.database,
    hostGate: o.hostGate,
  };
}
