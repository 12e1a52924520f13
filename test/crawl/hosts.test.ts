// Many hosts at once: 50 virtual hosts (one loopback server, told apart by Host, resolved through the
// crawler's `lookup` option) crawled with a short per-host delay; the server's own log must show no host
// receiving two requests closer than the delay, and every page of every column fetched.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  benchLookup,
  checkPoliteness,
  requestsPerHost,
  startVhostServer,
  vhostName,
  type ColumnShape,
  type VhostServer,
} from "../../bench/_vhosts.ts";
import { crawlSites, SiteSchema } from "../../src/crawl/index.ts";
import { fastOptions, tmp } from "./_helpers.ts";

const HOSTS = 50;
const DELAY_MS = 300;
const SHAPE: ColumnShape = { lists: 2, perList: 2, pdfEvery: 2 }; // robots, 2 lists, 4 reports, 2 PDFs

let srv: VhostServer;
beforeAll(async () => {
  srv = await startVhostServer({ shape: SHAPE, latencyMs: 5 });
});
afterAll(async () => {
  await srv.close();
});

it("50 hosts in parallel, none ever asked twice within its delay, every column complete", async () => {
  const sites = Array.from({ length: HOSTS }, (_, i) =>
    SiteSchema.parse({
      id: `v${i}`,
      name: vhostName(i),
      start: `http://${vhostName(i)}:${srv.port}/xxgk/zfxxgknb/index.html`,
      verified: "fixture",
      allowPrivateAddresses: true, // the virtual hosts resolve to 127.0.0.1
    }),
  );
  const t0 = Date.now();
  const summary = await crawlSites(
    sites,
    fastOptions(tmp(), { delayMs: DELAY_MS, jitterMs: 50, concurrency: 16, lookup: benchLookup }),
  );
  const wallMs = Date.now() - t0;
  expect(requestsPerHost(SHAPE)).toBe(9);
  const p = checkPoliteness(srv.log, DELAY_MS);
  expect(p.hosts).toBe(HOSTS);
  expect(p.requests).toBe(HOSTS * 9); // nothing fetched twice, nothing missed
  expect(p.violations).toEqual([]);
  expect(p.minGapMs).toBeGreaterThanOrEqual(DELAY_MS);
  expect(summary.attachments.new).toBe(HOSTS * 2);
  expect(summary.status).toBe("finished");
  // 8 gaps of ≥ 300 ms per host; hosts run side by side, so the whole crawl takes little more than one host's.
  expect(wallMs).toBeGreaterThanOrEqual(8 * DELAY_MS);
  expect(wallMs).toBeLessThan(8 * (DELAY_MS + 50) + 4000);
});
