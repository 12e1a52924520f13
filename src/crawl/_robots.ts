// robots.txt rules per host (RFC 9309): 4xx → no rules (allow all); 5xx or unreachable → disallow all
// for this run (§2.3.1.4) and refetch next run; answers are cached in the database for 24 h.
import robotsParser from "robots-parser";
import { CRAWL_DELAY_CAP_MS } from "./policy.ts";

export interface RobotsRules {
  allows(url: string): boolean;
  /** Crawl-delay for our user agent, ms, capped at 60 s (docs/crawl.md, "Politeness"). */
  crawlDelayMs: number;
  /** Why the host is closed, when it is. */
  closed?: string;
}

type Robot = {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
};
const parse = robotsParser as unknown as (url: string, text: string) => Robot;

/** The product token robots.txt groups are matched against. */
export function robotsAgent(userAgent: string): string {
  return userAgent.split("/")[0]!.trim();
}

/** Rules from a robots.txt answer. `status` null means the fetch failed (network error, timeout). */
export function planRobots(robotsUrl: string, status: number | null, text: string, userAgent: string): RobotsRules {
  if (status === null || status >= 500) {
    return { allows: () => false, crawlDelayMs: 0, closed: `robots.txt unavailable (${status ?? "network error"})` };
  }
  if (status >= 400 || status < 200 || status >= 300) return { allows: () => true, crawlDelayMs: 0 };
  const agent = robotsAgent(userAgent);
  const robot = parse(robotsUrl, text);
  const delay = robot.getCrawlDelay(agent);
  return {
    allows: (url) => robot.isAllowed(url, agent) !== false,
    crawlDelayMs: delay && Number.isFinite(delay) ? Math.min(delay * 1000, CRAWL_DELAY_CAP_MS) : 0,
  };
}
