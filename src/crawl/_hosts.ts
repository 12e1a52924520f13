// Per-host politeness state (docs/crawl.md, "Politeness"): in flight, next allowed start, delay, backoff, breaker.
// The wait lives here, not inside the request, so a sleeping retry never holds the host's slot.
import type { RobotsRules } from "./_robots.ts";
import type { HostRow } from "./_store.ts";
import { ADAPTIVE_DELAY_CAP_MS } from "./policy.ts";

export interface HostSlot {
  host: string;
  inFlight: number;
  maxInFlight: number;
  /** Earliest start of the next request, ms epoch. */
  nextAt: number;
  /** Configured gap (site or global), ms. */
  delayMs: number;
  crawlDelayMs: number;
  /** Duration of the last response, ms (adaptive delay). */
  lastMs: number;
  backoffLevel: number;
  blocks: number;
  cooldownUntil: number;
  robots?: RobotsRules;
  robotsLoading: boolean;
}

export function newSlot(host: string, delayMs: number, maxInFlight: number, saved?: HostRow): HostSlot {
  return {
    host,
    inFlight: 0,
    maxInFlight,
    nextAt: 0,
    delayMs,
    crawlDelayMs: 0,
    lastMs: 0,
    backoffLevel: saved?.backoff_level ?? 0,
    blocks: saved?.blocks ?? 0,
    cooldownUntil: saved?.cooldown_until ?? 0,
    robotsLoading: false,
  };
}

/**
 * Gap before the next request to a host: the larger of the configured delay, robots Crawl-delay and
 * adaptiveFactor × last response time (capped at 30 s), doubled per backoff level, plus jitter.
 */
export function planGap(s: HostSlot, adaptiveFactor: number, jitterMs: number, random: () => number): number {
  const adaptive = Math.min(ADAPTIVE_DELAY_CAP_MS, adaptiveFactor * s.lastMs);
  const base = Math.max(s.delayMs, s.crawlDelayMs, adaptive) * 2 ** Math.min(s.backoffLevel, 8);
  return Math.round(base + random() * jitterMs);
}

export function hostRow(s: HostSlot, saved: HostRow | undefined): HostRow {
  return {
    host: s.host,
    backoff_level: s.backoffLevel,
    blocks: s.blocks,
    cooldown_until: s.cooldownUntil,
    robots_status: saved?.robots_status ?? null,
    robots_txt: saved?.robots_txt ?? null,
    robots_fetched_at: saved?.robots_fetched_at ?? null,
  };
}
