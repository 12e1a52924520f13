// A host's robots.txt: fetched once a day (or taken from the crawl database), redirected only within
// the site, and installed as the host's rules; an unreachable one closes the host for the run (RFC 9309).
import { fetchHttp } from "./_fetch.ts";
import { baseHeaders, refuseAddress, type RunContext } from "./_context.ts";
import { hostRow, planGap, type HostSlot } from "./_hosts.ts";
import { planRobots } from "./_robots.ts";
import { CrawlError } from "./errors.ts";
import { ROBOTS_TTL_MS } from "./policy.ts";

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
