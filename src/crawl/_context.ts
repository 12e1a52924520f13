// The context every fetch of a crawl run shares, and the small effects they all need: the clock,
// request headers, saving a host's state, refusing a private address.
import type { Dispatcher } from "undici";
import { privateAddressReason } from "./_address.ts";
import { hostRow, type HostSlot } from "./_hosts.ts";
import type { ReadyQueue } from "./_ready.ts";
import type { FrontierRow, Store } from "./_store.ts";
import type { CrawlEvent } from "./events.ts";
import type { ResolvedCrawlOptions } from "./options.ts";
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
  recognize: (pageText: string) => boolean;
  emit: (e: CrawlEvent) => void;
  /** Time of the last finished request (stall watchdog). */
  lastProgress: number;
  /** An error outside any one request (the host gate's database): the run stops with it. */
  fatal?: unknown;
}

export function isoNow(ctx: RunContext): string {
  return new Date(ctx.opts.now()).toISOString();
}

export function baseHeaders(ctx: RunContext, row?: FrontierRow): Record<string, string> {
  const h: Record<string, string> = {
    "user-agent": ctx.opts.userAgent,
    accept: row?.kind === "attachment" ? "*/*" : "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "accept-language": "zh-CN,zh;q=0.9",
  };
  if (row?.referer) h.referer = row.referer;
  return h;
}

export function saveHost(ctx: RunContext, slot: HostSlot): void {
  ctx.store.putHost(hostRow(slot, ctx.store.getHost(slot.host)));
}

/** A literal IP in a URL that its site has not allowed (names are checked at connect time, _address.ts). */
export function refuseAddress(ctx: RunContext, u: URL): string | undefined {
  if (ctx.privateOk(u.hostname)) return undefined;
  return privateAddressReason(u.hostname);
}
