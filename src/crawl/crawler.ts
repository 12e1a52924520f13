// The crawl loop: a persistent SQLite frontier drained by a per-host scheduler. One run at a time per
// database; an unfinished run (crash, kill -9, abort) is resumed by the next call.
import { Agent, type Dispatcher } from "undici";
import { mkdirSync } from "node:fs";
import { newSlot, planGap, type HostSlot } from "./_hosts.ts";
import { ReadyQueue } from "./_ready.ts";
import { jsonListUrl } from "./cms/index.ts";
import { recognizeReport } from "../parse/index.ts";
import { guardedLookup } from "./_address.ts";
import { cleanPartialWrites } from "./_archive.ts";
import { createStore, openCrawlDatabase, type FrontierRow, type NewFrontierRow, type Store } from "./_store.ts";
import { fetchRow, loadRobots, type RunContext } from "./_worker.ts";
import { CrawlError } from "./errors.ts";
import { resolveCrawlOptions, type CrawlOptions } from "./options.ts";
import { selectSites, siteHosts, siteStarts, type Site } from "./registry.ts";
import { summarizeRun, type CrawlSummary } from "./summary.ts";
import { sleep } from "./_sleep.ts";

function seedRows(site: Site): NewFrontierRow[] {
  const rows: NewFrontierRow[] = siteStarts(site).map((url) => ({
    url,
    method: "GET",
    host: new URL(url).host.toLowerCase(),
    site_id: site.id,
    kind: "list",
    format: "html",
    page: 0,
    title: site.name,
  }));
  if (site.listApi) {
    const url = jsonListUrl(site.listApi, site.listApi.firstPage);
    rows.push({
      url,
      method: "GET",
      host: new URL(url).host.toLowerCase(),
      site_id: site.id,
      kind: "list",
      format: "json",
      page: 0,
      title: site.name,
    });
  }
  return rows;
}

/** Host names (no port) whose site allows private addresses: the local mirrors and test fixtures. */
function privateAllowance(sites: readonly Site[]): (hostname: string) => boolean {
  const ok = new Set<string>();
  for (const s of sites)
    if (s.allowPrivateAddresses) for (const h of siteHosts(s)) ok.add(new URL(`http://${h}/`).hostname);
  return (hostname) => ok.has(hostname.toLowerCase());
}

function slotFor(ctx: RunContext, host: string, siteId: string): HostSlot {
  let slot = ctx.slots.get(host);
  if (!slot) {
    const site = ctx.sites.get(siteId)?.site;
    slot = newSlot(host, site?.delayMs ?? ctx.opts.delayMs, site?.concurrency ?? 1, ctx.store.getHost(host));
    ctx.slots.set(host, slot);
  }
  return slot;
}

/** A row that may not be fetched now: its site is over its archive budget for the run. */
function rowBarred(ctx: RunContext, row: FrontierRow): { cls: string; reason: string } | undefined {
  const used = ctx.siteBytes.get(row.site_id) ?? 0;
  if (used >= ctx.opts.maxArchiveBytesPerSite)
    return {
      cls: "archive_cap",
      reason: `site archived ${used} bytes this run (cap ${ctx.opts.maxArchiveBytesPerSite})`,
    };
  return undefined;
}

/**
 * Put a host back in the readiness queue at the time it may next start: the later of its politeness gap
 * and its earliest pending row. Out of the queue while it has no pending rows (new rows wake it) or no free
 * slot (the end of a request requeues it).
 */
function requeue(ctx: RunContext, host: string): void {
  const slot = ctx.slots.get(host);
  const at =
    slot && (slot.robotsLoading || slot.inFlight >= slot.maxInFlight) ? undefined : ctx.store.hostWake(ctx.runId, host);
  if (at === undefined) ctx.ready.remove(host);
  else ctx.ready.set(host, Math.max(at, slot?.nextAt ?? 0));
}

/** The hosts due now, earliest first; each is requeued when the loop moves on from it (or breaks). */
function* dueHosts(ctx: RunContext): Generator<string> {
  for (let host = ctx.ready.popDue(ctx.opts.now()); host !== undefined; host = ctx.ready.popDue(ctx.opts.now())) {
    try {
      yield host;
    } finally {
      requeue(ctx, host);
    }
  }
}

/**
 * Run one request to a host under the cross-process host gate, when there is one (a shared PostgreSQL
 * frontier): the gate waits for the host's lease and the gap another process left, and takes the gap
 * after the request. A gate failure (the database went away) stops the run through ctx.fatal.
 */
async function gated(ctx: RunContext, slot: HostSlot, request: () => Promise<void>): Promise<void> {
  const gate = ctx.opts.hostGate;
  if (!gate) return request();
  const { opts } = ctx;
  let lease;
  try {
    lease = await gate.acquire(slot.host, Math.max(0, slot.nextAt - opts.now()), opts.signal);
  } catch (e) {
    ctx.fatal ??= e;
    return;
  }
  try {
    await request();
  } finally {
    try {
      lease.release(planGap(slot, opts.adaptiveFactor, 0, opts.random));
    } catch (e) {
      ctx.fatal ??= e;
    }
  }
}

/** A request (or robots.txt load) to the slot's host starts or ends; `busyHosts` counts hosts with one in flight. */
function occupy(ctx: RunContext, slot: HostSlot): void {
  if (slot.inFlight++ === 0) ctx.busyHosts++;
}
function release(ctx: RunContext, slot: HostSlot): void {
  if (--slot.inFlight === 0) ctx.busyHosts--;
  requeue(ctx, slot.host);
  ctx.wakeDrain();
}

/** Start whatever may start now, over the hosts that are due. Returns how many rows moved. */
function dispatch(ctx: RunContext, inflight: Set<Promise<void>>): { moved: number } {
  const { store, runId, opts } = ctx;
  let moved = 0;
  for (const host of dueHosts(ctx)) {
    const now = opts.now();
    const probe = store.pick(runId, host, Number.MAX_SAFE_INTEGER);
    if (!probe) continue;
    if (!ctx.sites.get(probe.site_id)?.hosts.has(host)) {
      // Rows are scoped when queued; this catches rows queued by an older version before a resume.
      const reason = `host ${host} is not one of the site's hosts`;
      store.complete({
        runId,
        frontierId: probe.id,
        state: "skipped",
        status: null,
        cls: "out_of_scope",
        error: reason,
      });
      ctx.emit({ type: "skip", runId, site: probe.site_id, url: probe.url, cls: "out_of_scope", reason, count: 1 });
      moved++;
      continue;
    }
    const slot = slotFor(ctx, host, probe.site_id);
    if (slot.inFlight >= slot.maxInFlight) continue;
    if (slot.inFlight === 0 && ctx.busyHosts >= opts.concurrency) break;
    if (slot.cooldownUntil > now) {
      moved += store.skipHost(
        runId,
        host,
        "host_cooldown",
        `host cooling down until ${new Date(slot.cooldownUntil).toISOString()}`,
      );
      continue;
    }
    if (!slot.robots) {
      if (!slot.robotsLoading) {
        slot.robotsLoading = true;
        occupy(ctx, slot);
        const scheme = new URL(probe.url).protocol;
        const p: Promise<void> = gated(ctx, slot, () => loadRobots(ctx, slot, scheme)).finally(() => {
          slot.robotsLoading = false;
          inflight.delete(p);
          release(ctx, slot);
        });
        inflight.add(p);
        moved++;
      }
      continue;
    }
    if (slot.nextAt > now) continue;
    const row = store.pick(runId, host, now);
    if (!row) continue;
    moved++;
    const barred = rowBarred(ctx, row);
    if (barred) {
      store.complete({
        runId,
        frontierId: row.id,
        state: "skipped",
        status: null,
        cls: barred.cls,
        error: barred.reason,
      });
      ctx.emit({
        type: "skip",
        runId,
        site: row.site_id,
        url: row.url,
        cls: barred.cls,
        reason: barred.reason,
        count: 1,
      });
      continue;
    }
    if (!slot.robots.allows(row.url)) {
      store.complete({
        runId,
        frontierId: row.id,
        state: "skipped",
        status: null,
        cls: "robots",
        error: "disallowed by robots.txt",
      });
      ctx.emit({
        type: "skip",
        runId,
        site: row.site_id,
        url: row.url,
        cls: "robots",
        reason: "disallowed by robots.txt",
        count: 1,
      });
      continue;
    }
    store.markInFlight(row.id);
    row.attempts++;
    occupy(ctx, slot);
    slot.nextAt = now + planGap(slot, opts.adaptiveFactor, opts.jitterMs, opts.random);
    const p: Promise<void> = gated(ctx, slot, () => fetchRow(ctx, row, slot)).finally(() => {
      // The gap runs from the end of a request as well as its start, so a slow host is never hammered.
      slot.nextAt = Math.max(slot.nextAt, opts.now() + planGap(slot, opts.adaptiveFactor, opts.jitterMs, opts.random));
      ctx.lastProgress = opts.now();
      inflight.delete(p);
      release(ctx, slot);
    });
    inflight.add(p);
  }
  return { moved };
}

/** Wait until `ms` pass, a request ends (ctx.wakeDrain) or the run is aborted; one timer, cleared on wake. */
function waitForWork(ctx: RunContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, Math.max(0, ms));
    ctx.opts.signal?.addEventListener("abort", done, { once: true });
    ctx.wakeDrain = done;
    function done() {
      clearTimeout(t);
      ctx.opts.signal?.removeEventListener("abort", done);
      ctx.wakeDrain = () => undefined;
      resolve();
    }
  });
}

async function drain(ctx: RunContext): Promise<"finished" | "aborted" | "stalled"> {
  const inflight = new Set<Promise<void>>();
  const { opts } = ctx;
  for (;;) {
    if (ctx.fatal !== undefined) {
      await Promise.allSettled([...inflight]);
      const cause = ctx.fatal;
      throw new CrawlError("DB", opts.db, cause instanceof Error ? cause.message : String(cause), { cause });
    }
    if (opts.signal?.aborted) {
      await Promise.allSettled([...inflight]);
      return "aborted";
    }
    const { moved } = dispatch(ctx, inflight);
    const wake = ctx.ready.peek();
    if (inflight.size === 0 && wake === Infinity) {
      // Safety net: every host with pending rows is queued again before the run counts as finished.
      for (const h of ctx.store.pendingHosts(ctx.runId)) requeue(ctx, h);
      if (ctx.ready.size === 0 || ctx.store.count(ctx.runId, "pending") === 0) return "finished";
      if (moved === 0) await sleep(5, opts.signal); // rows waiting on backoff in hosts just refreshed
      continue;
    }
    if (opts.now() - ctx.lastProgress > opts.stallMs) {
      await Promise.allSettled([...inflight]);
      return "stalled";
    }
    // Hosts held back by the concurrency cap are due already: the next request to end wakes the loop.
    const waitMs = Math.min(wake === Infinity ? 1000 : wake - opts.now(), 1000);
    await waitForWork(ctx, waitMs <= 0 && ctx.busyHosts >= opts.concurrency ? 1000 : waitMs);
  }
}

/**
 * Crawl the given sites into the crawl database and raw archive; resumes an unfinished run.
 * @example
 * const sites = await loadRegistry("data/sites");
 * const summary = await crawlSites(sites, { db: "data/crawl.db", raw: "data/raw", siteIds: ["cq-liangping"] });
 * console.log(summary.reports.new, "new reports");
 */
export async function crawlSites(allSites: readonly Site[], options: CrawlOptions = {}): Promise<CrawlSummary> {
  const opts = resolveCrawlOptions(options);
  const sites = selectSites(allSites, opts.siteIds);
  mkdirSync(opts.raw, { recursive: true });
  cleanPartialWrites(opts.raw);
  let db;
  try {
    db = opts.database ?? openCrawlDatabase(opts.db);
  } catch (cause) {
    if (cause instanceof CrawlError) throw cause;
    throw new CrawlError("DB", opts.db, cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const store: Store = createStore(db);
  const ownDispatcher = !opts.dispatcher;
  const privateOk = privateAllowance(allSites);
  const dispatcher: Dispatcher =
    opts.dispatcher ??
    new Agent({
      connect: { timeout: opts.connectTimeoutMs, lookup: guardedLookup(privateOk, opts.lookup) },
      headersTimeout: opts.headersTimeoutMs,
      bodyTimeout: opts.bodyTimeoutMs,
      connections: 16,
    });
  try {
    const open = opts.resume === "same-sites" ? store.openRunFor(sites.map((s) => s.id)) : store.openRun();
    const resumed = open !== undefined;
    const runId =
      open ??
      store.createRun(
        sites.map((s) => s.id),
        new Date(opts.now()).toISOString(),
      );
    if (resumed) store.resetInFlight(runId); // in flight at the crash: not finished, so fetched again
    for (const s of sites) store.enqueue(runId, seedRows(s));
    const ctx: RunContext = {
      opts,
      store,
      runId,
      dispatcher,
      slots: new Map(),
      ready: new ReadyQueue(),
      busyHosts: 0,
      wakeDrain: () => undefined,
      sites: new Map(allSites.map((s) => [s.id, { site: s, hosts: siteHosts(s) }])),
      privateOk,
      siteBytes: store.siteBytes(runId),
      recognize: opts.recognize ?? recognizeReport,
      emit: opts.onEvent ?? (() => undefined),
      lastProgress: opts.now(),
    };
    for (const h of store.pendingHosts(runId)) ctx.ready.wake(h);
    ctx.emit({ type: "run", runId, resumed, sites: sites.map((s) => s.id), pending: store.count(runId, "pending") });
    const status = await drain(ctx);
    // Only a drained frontier finishes a run; stalled and aborted runs stay open and resume next time.
    if (status === "finished") store.finishRun(runId, status, new Date(opts.now()).toISOString());
    const summary = summarizeRun(db, runId, { resumed, status });
    ctx.emit({ type: "done", runId, summary });
    if (status === "stalled")
      throw new CrawlError("STALLED", opts.db, `no request finished for ${opts.stallMs} ms; run ${runId} is resumable`);
    return summary;
  } finally {
    if (ownDispatcher) await dispatcher.close().catch(() => undefined); // closing is best effort at shutdown
    if (!opts.database) db.close();
  }
}
