// Fetching one frontier row and recording the result. Effectful: HTTP, archive, database. The rules
// it applies live in _outcome.ts, classify.ts and policy.ts; robots.txt in _robots-load.ts.
import { readFileSync } from "node:fs";
import { writeArchive } from "./_archive.ts";
import { baseHeaders, isoNow, refuseAddress, type RunContext, saveHost } from "./_context.ts";
import { fetchHttp, type HttpResponse } from "./_fetch.ts";
import type { HostSlot } from "./_hosts.ts";
import { planChange, planOutcome } from "./_outcome.ts";
import { frontierKey, type DocumentInsert, type FrontierRow } from "./_store.ts";
import { parseRetryAfter, planRetry } from "./classify.ts";
import { CrawlError } from "./errors.ts";
import { HOST_BACKOFF_STATUSES } from "./policy.ts";

export type { RunContext };
export { loadRobots } from "./_robots-load.ts";

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
function recordError(ctx: RunContext, row: FrontierRow, e: CrawlError, ms: number): void {
  const { opts, store } = ctx;
  const plan = planRetry({ network: true, retryable: e.retryable }, row.attempts, opts);
  if (plan.kind === "retry") {
    store.reschedule(row.id, opts.now() + plan.waitMs, e.status ?? null, e.code.toLowerCase(), e.message);
    emitRetry(ctx, row, plan.waitMs, e.code);
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
    recordError(ctx, row, err, slot.lastMs);
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

  if (HOST_BACKOFF_STATUSES.has(res.status)) slot.backoffLevel++;
  const retryAfterMs = parseRetryAfter(res.headers["retry-after"], opts.now());
  const plan = planRetry(
    { network: false, status: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    row.attempts,
    opts,
  );
  if (plan.kind === "defer_host") {
    const why = `Retry-After ${plan.retryAfterMs} ms`;
    store.complete({
      runId: ctx.runId,
      frontierId: row.id,
      state: "failed",
      status: res.status,
      cls: "retry_after_too_long",
      error: why,
    });
    store.skipHost(ctx.runId, slot.host, "retry_after_too_long", `${why} on ${row.url}`);
    saveHost(ctx, slot);
    return;
  }
  if (plan.kind === "retry") {
    const cls = `http_${res.status}`;
    store.reschedule(row.id, opts.now() + plan.waitMs, res.status, cls, `HTTP ${res.status}`);
    if (plan.holdHost) slot.nextAt = Math.max(slot.nextAt, opts.now() + plan.waitMs);
    saveHost(ctx, slot);
    emitRetry(ctx, row, plan.waitMs, cls);
    return;
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
