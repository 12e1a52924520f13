// Fetching one frontier row (and a host's robots.txt) and recording the result. Effectful: HTTP,
// archive, database. The rules it applies live in _outcome.ts, classify.ts and policy.ts.
import { readFileSync } from "node:fs";
import type { Dispatcher } from "undici";
import { privateAddressReason } from "./_address.ts";
import { writeArchive } from "./_archive.ts";
import { fetchHttp, type HttpResponse } from "./_fetch.ts";
import { hostRow, planGap, type HostSlot } from "./_hosts.ts";
import type { ReadyQueue } from "./_ready.ts";
import { planChange, planOutcome } from "./_outcome.ts";
import { planRobots } from "./_robots.ts";
import { frontierKey, type DocumentInsert, type FrontierRow, type Store } from "./_store.ts";
import { parseRetryAfter, planBackoff } from "./classify.ts";
import { CrawlError } from "./errors.ts";
import type { CrawlEvent } from "./events.ts";
import type { ResolvedCrawlOptions } from "./options.ts";
import { HOST_BACKOFF_STATUSES, RETRY_STATUSES, ROBOTS_TTL_MS } from "./policy.ts";
import type { Site } from "./registry.ts";

export interface RunContext {
  opts: ResolvedCrawlOptions;
  store: Store;
  runId: number;
  dispatcher: Dispatcher;
  sites: Map<string, { site: Site; hosts: Set<string> }>;
  /** May this host be fetched at a private address (its site says `allowPrivateAddresses`)? */
  privateOk: (hostname: string) => boolean;
  /** Bytes archived per site this run (the `maxArchiveBytesPerSite` cap). */
  siteBytes: Map<string, number>;
  slots: Map<string, HostSlot>;
  /** Hosts with pending rows by the time they may next start (crawler.ts schedules from it). */
  ready: ReadyQueue;
  /** Hosts with a request or robots.txt load in flight (the `concurrency` cap). */
  busyHosts: number;
  /** Wake the scheduler loop early (a request ended). */
  wakeDrain: () => void;
  recognize: (decoded: string, mediaType: string) => boolean;
  emit: (e: CrawlEvent) => void;
  /** Time of the last finished request (stall watchdog). */
  lastProgress: number;
}

function isoNow(ctx: RunContext): string {
  return new Date(ctx.opts.now()).toISOString();
}

function baseHeaders(ctx: RunContext, row?: FrontierRow): Record<string, string> {
  const h: Record<string, string> = {
    "user-agent": ctx.opts.userAgent,
    accept: row?.kind === "attachment" ? "*/*" : "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "accept-language": "zh-CN,zh;q=0.9",
  };
  if (row?.referer) h.referer = row.referer;
  return h;
}

function saveHost(ctx: RunContext, slot: HostSlot): void {
  ctx.store.putHost(hostRow(slot, ctx.store.getHost(slot.host)));
}

/** A literal IP in a URL that its site has not allowed (names are checked at connect time, _address.ts). */
export function refuseAddress(ctx: RunContext, u: URL): string | undefined {
  if (ctx.privateOk(u.hostname)) return undefined;
  return privateAddressReason(u.hostname);
}

/** The hosts a robots.txt fetch may be redirected to: the hosts of every site that lists this one. */
function robotsScope(ctx: RunContext, host: string): Set<string> {
  const scope = new Set([host]);
  for (const { hosts } of ctx.sites.values()) if (hosts.has(host)) for (const h of hosts) scope.add(h);
  return scope;
}

/** Fetch a host's robots.txt (or reuse a cached answer younger than 24 h) and install its rules. */
export async function loadRobots(ctx: RunContext, slot: HostSlot, scheme: string): Promise<void> {
  const saved = ctx.store.getHost(slot.host);
  const now = ctx.opts.now();
  const url = `${scheme}//${slot.host}/robots.txt`;
  let status: number | null, text: string;
  let failure: CrawlError | undefined;
  if (saved?.robots_fetched_at && now - saved.robots_fetched_at < ROBOTS_TTL_MS && saved.robots_status !== null) {
    status = saved.robots_status;
    text = saved.robots_txt ?? "";
  } else {
    const scope = robotsScope(ctx, slot.host);
    try {
      const res = await fetchHttp(ctx.dispatcher, {
        url,
        method: "GET",
        headers: baseHeaders(ctx),
        maxBytes: 512 * 1024,
        timeoutMs: ctx.opts.pageTimeoutMs,
        maxRedirects: ctx.opts.maxRedirects,
        // RFC 9309 lets robots.txt redirect, but never off the site: the same scope as every other fetch.
        allowHost: (h) => scope.has(h),
        allowUrl: () => true,
        refuseAddress: (u) => refuseAddress(ctx, u),
        signal: ctx.opts.signal,
      });
      status = res.status;
      text = res.bytes.toString("utf8");
    } catch (e) {
      failure = e instanceof CrawlError ? e : undefined;
      text = "";
      if (failure?.code === "OFFSITE_REDIRECT" || failure?.code === "BAD_SCHEME") {
        // A robots.txt redirected off the site is not followed; RFC 9309 §2.3.1.2 treats a robots.txt
        // that cannot be reached through redirects as unavailable (4xx): no rules.
        status = 404;
        ctx.emit({
          type: "skip",
          runId: ctx.runId,
          site: "",
          url,
          cls: "robots_redirect",
          reason: failure.message,
          count: 0,
        });
        failure = undefined;
      } else status = null; // unreachable robots.txt: planRobots closes the host for this run (RFC 9309)
    }
    const cacheable = status !== null && status < 500;
    ctx.store.putHost({
      ...hostRow(slot, saved),
      robots_status: cacheable ? status : null,
      robots_txt: cacheable ? text : null,
      robots_fetched_at: cacheable ? now : null,
    });
    slot.nextAt = ctx.opts.now() + planGap(slot, 0, ctx.opts.jitterMs, ctx.opts.random);
  }
  const rules = planRobots(url, status, text, ctx.opts.userAgent);
  slot.crawlDelayMs = rules.crawlDelayMs;
  slot.robots = rules;
  if (rules.closed) {
    // Say why: a certificate or an address refusal is not "the site was down".
    const why = failure ? robotsFailure(failure) : undefined;
    const cls = why?.cls ?? "robots_unavailable";
    const reason = why ? `${rules.closed}: ${why.reason}` : rules.closed;
    const n = ctx.store.skipHost(ctx.runId, slot.host, cls, reason);
    ctx.emit({ type: "skip", runId: ctx.runId, site: "", url, cls, reason, count: n });
  }
}

function robotsFailure(e: CrawlError): { cls: string; reason: string } {
  const reason = e.message;
  if (e.code === "TLS" || e.code === "PRIVATE_ADDRESS") return { cls: e.code.toLowerCase(), reason };
  return { cls: "robots_unavailable", reason };
}

function docBase(
  ctx: RunContext,
  row: FrontierRow,
): Omit<
  DocumentInsert,
  | "status"
  | "headers"
  | "sha256"
  | "size"
  | "archive_path"
  | "media_type"
  | "charset"
  | "class"
  | "change"
  | "error_code"
  | "error"
  | "final_url"
  | "duration_ms"
> {
  return {
    run_id: ctx.runId,
    frontier_id: row.id,
    site_id: row.site_id,
    kind: row.kind,
    url: row.url,
    method: row.method,
    fetched_at: isoNow(ctx),
    title: row.title,
  };
}

/** Tell the listener a row was put back to be tried again after `waitMs`. */
function emitRetry(ctx: RunContext, row: FrontierRow, waitMs: number, reason: string): void {
  ctx.emit({ type: "retry", runId: ctx.runId, site: row.site_id, url: row.url, attempt: row.attempts, waitMs, reason });
}

/** Record a request that produced no usable answer, or reschedule it if the failure is retryable. */
function recordError(ctx: RunContext, row: FrontierRow, slot: HostSlot, e: CrawlError, ms: number): void {
  const { opts, store } = ctx;
  if (e.retryable && row.attempts <= opts.maxRetries) {
    const wait = planBackoff(row.attempts, opts.retryBaseMs, opts.retryCapMs, opts.random);
    store.reschedule(row.id, opts.now() + wait, e.status ?? null, e.code.toLowerCase(), e.message);
    emitRetry(ctx, row, wait, e.code);
    return;
  }
  const cls = e.code.toLowerCase();
  store.complete({
    runId: ctx.runId,
    frontierId: row.id,
    state: "failed",
    status: e.status ?? null,
    cls,
    error: e.message,
    doc: {
      ...docBase(ctx, row),
      final_url: null,
      status: e.status ?? null,
      headers: null,
      sha256: null,
      size: null,
      archive_path: null,
      media_type: null,
      charset: null,
      class: cls,
      change: null,
      error_code: e.code,
      error: e.message,
      duration_ms: ms,
    },
  });
  ctx.emit({
    type: "fetch",
    runId: ctx.runId,
    site: row.site_id,
    url: row.url,
    kind: row.kind,
    status: e.status ?? null,
    cls,
    change: null,
    ms,
    bytes: 0,
  });
  void slot;
}

/** Fetch one frontier row and record everything about it. Never throws for per-URL problems. */
export async function fetchRow(ctx: RunContext, row: FrontierRow, slot: HostSlot): Promise<void> {
  const { opts, store } = ctx;
  const entry = ctx.sites.get(row.site_id)!;
  const key = frontierKey(row.method, row.url, row.body);
  const prev = store.getUrl(key);
  const headers = baseHeaders(ctx, row);
  // Conditional requests only when we still hold the old bytes, so a 304 can be re-read from the archive.
  if (prev?.archive_path && prev.sha256 && prev.status !== null && prev.status < 300) {
    if (prev.etag) headers["if-none-match"] = prev.etag;
    if (prev.last_modified) headers["if-modified-since"] = prev.last_modified;
  }
  const started = opts.now();
  let res: HttpResponse;
  try {
    res = await fetchHttp(ctx.dispatcher, {
      url: row.url,
      method: row.method,
      body: row.body ?? undefined,
      headers,
      maxBytes: row.kind === "attachment" ? opts.maxDocumentBytes : opts.maxPageBytes,
      timeoutMs: row.kind === "attachment" ? opts.documentTimeoutMs : opts.pageTimeoutMs,
      maxRedirects: opts.maxRedirects,
      allowHost: (h) => entry.hosts.has(h),
      allowUrl: (u) => ctx.slots.get(new URL(u).host.toLowerCase())?.robots?.allows(u) ?? true,
      refuseAddress: (u) => refuseAddress(ctx, u),
      signal: opts.signal,
    });
  } catch (e) {
    const err = e instanceof CrawlError ? e : new CrawlError("NETWORK", row.url, String(e), { cause: e });
    slot.lastMs = opts.now() - started;
    recordError(ctx, row, slot, err, slot.lastMs);
    return;
  }
  const ms = opts.now() - started;
  slot.lastMs = ms;
  const notModified = res.status === 304 && prev?.archive_path;
  let bytes: Uint8Array = res.bytes,
    sha: string | null = null,
    path: string | null = null;
  if (notModified) {
    bytes = readFileSync(prev.archive_path!);
    sha = prev.sha256;
    path = prev.archive_path;
  } else if (res.bytes.length) {
    ({ sha256: sha, path } = writeArchive(opts.raw, res.bytes));
    ctx.siteBytes.set(row.site_id, (ctx.siteBytes.get(row.site_id) ?? 0) + res.bytes.length);
  }

  if (RETRY_STATUSES.has(res.status)) {
    const retryAfter = parseRetryAfter(res.headers["retry-after"], opts.now());
    if (HOST_BACKOFF_STATUSES.has(res.status)) slot.backoffLevel++;
    const cls = `http_${res.status}`;
    if (retryAfter !== undefined && retryAfter > opts.retryAfterMaxMs) {
      // The server asks for more than we wait within a night: the host is deferred to the next run.
      store.complete({
        runId: ctx.runId,
        frontierId: row.id,
        state: "failed",
        status: res.status,
        cls: "retry_after_too_long",
        error: `Retry-After ${retryAfter} ms`,
      });
      store.skipHost(ctx.runId, slot.host, "retry_after_too_long", `Retry-After ${retryAfter} ms on ${row.url}`);
      saveHost(ctx, slot);
      return;
    }
    if (row.attempts <= opts.maxRetries) {
      const wait = Math.max(retryAfter ?? 0, planBackoff(row.attempts, opts.retryBaseMs, opts.retryCapMs, opts.random));
      store.reschedule(row.id, opts.now() + wait, res.status, cls, `HTTP ${res.status}`);
      if (HOST_BACKOFF_STATUSES.has(res.status) || retryAfter !== undefined)
        slot.nextAt = Math.max(slot.nextAt, opts.now() + wait);
      saveHost(ctx, slot);
      emitRetry(ctx, row, wait, cls);
      return;
    }
  }

  const out = planOutcome(
    row,
    { status: notModified ? 200 : res.status, headers: res.headers, finalUrl: res.finalUrl, bytes },
    {
      site: entry.site,
      hosts: entry.hosts,
      recognize: ctx.recognize,
      knownBefore: (u) => store.knownBefore(u, ctx.runId),
      knownPagesToStop: opts.knownPagesToStop,
      maxListPages: opts.maxListPages,
      maxAttachmentsPerPage: opts.maxAttachmentsPerPage,
    },
  );
  const ok = out.state === "done";
  const change = ok && sha ? (notModified ? "unchanged" : planChange(prev?.sha256, sha)) : null;
  if (out.state === "blocked") slot.blocks++;
  else slot.blocks = 0;
  if (ok && slot.backoffLevel > 0) slot.backoffLevel--; // relax one step per success, never faster
  // Other hosts wake for their new rows; this row's own host is requeued when this request ends.
  for (const c of out.children) if (!c.state && c.host !== row.host) ctx.ready.wake(c.host);
  const skipped = out.children.filter((c) => c.state === "skipped");
  const queued = store.complete({
    runId: ctx.runId,
    frontierId: row.id,
    state: out.state,
    status: res.status,
    cls: out.cls,
    error: ok ? null : `HTTP ${res.status} ${out.cls}`,
    doc: {
      ...docBase(ctx, row),
      final_url: res.finalUrl,
      status: res.status,
      headers: JSON.stringify(res.headers),
      sha256: sha,
      size: bytes.length,
      archive_path: path,
      media_type: out.mediaType,
      charset: out.charset,
      class: out.cls,
      change,
      // A limit hit on an otherwise good page is kept on its document: the page was read, but not all of it.
      error_code: ok ? (out.limit ? "LIMIT" : null) : out.state === "blocked" ? "BLOCKED" : "HTTP_STATUS",
      error: ok ? (out.limit ?? null) : `HTTP ${res.status}`,
      duration_ms: ms,
    },
    url:
      ok && sha
        ? {
            key,
            url: row.url,
            etag: res.headers.etag ?? (notModified ? prev!.etag : null),
            last_modified: res.headers["last-modified"] ?? (notModified ? prev!.last_modified : null),
            sha256: sha,
            size: bytes.length,
            archive_path: path,
            media_type: out.mediaType,
            charset: out.charset,
            status: notModified ? prev!.status : res.status,
            class: out.cls,
            fetched_at: isoNow(ctx),
            run_id: ctx.runId,
          }
        : undefined,
    children: out.children,
  });
  if (slot.blocks >= opts.breakerThreshold) {
    // Breaker open: stop asking this host for cooldownMs, persisted so the next run respects it too (docs/crawl.md, "Blocks").
    slot.cooldownUntil = opts.now() + opts.cooldownMs;
    store.skipHost(ctx.runId, slot.host, "host_cooldown", `${slot.blocks} blocked answers in a row`);
    ctx.emit({ type: "host", host: slot.host, status: "cooldown", delayMs: 0, until: slot.cooldownUntil });
  }
  if (out.state === "blocked" || slot.cooldownUntil || slot.backoffLevel) saveHost(ctx, slot);
  ctx.emit({
    type: "fetch",
    runId: ctx.runId,
    site: row.site_id,
    url: row.url,
    kind: row.kind,
    status: res.status,
    cls: out.cls,
    change,
    ms,
    bytes: res.bytes.length,
    queued,
  });
  if (out.limit) ctx.emit({ type: "limit", runId: ctx.runId, site: row.site_id, url: row.url, reason: out.limit });
  for (const c of skipped)
    ctx.emit({
      type: "skip",
      runId: ctx.runId,
      site: row.site_id,
      url: c.url,
      cls: c.class ?? "skipped",
      reason: c.error ?? "",
    });
}
