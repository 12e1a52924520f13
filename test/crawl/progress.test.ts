// The progress line counts errors as the run summary does (a report page with attachments is not an
// error) and shows the rate and the time left for the known frontier.
import { describe, expect, it } from "vitest";
import { renderProgressLine } from "../../src/cli/render/progress.ts";
import { type CrawlEvent, initialProgress, reduceProgress } from "../../src/crawl/index.ts";

const fetch = (cls: string, queued = 0): CrawlEvent => ({
  type: "fetch",
  runId: 1,
  site: "s",
  url: `http://h/${cls}`,
  kind: "report",
  status: 200,
  cls,
  change: "new",
  ms: 5,
  bytes: 10,
  queued,
});

describe("progress line", () => {
  it("landing pages are not errors; failures, soft 404s and skipped rows are, as in the summary", () => {
    const events: CrawlEvent[] = [
      { type: "run", runId: 1, resumed: false, sites: ["s"], pending: 1 },
      fetch("list", 30),
      fetch("report_page", 2),
      fetch("attachment"),
      fetch("report"),
      fetch("not_report"),
      fetch("soft_404"),
      fetch("http_404"),
      fetch("out_of_scope"),
      {
        type: "skip",
        runId: 1,
        site: "",
        url: "http://h/robots.txt",
        cls: "robots_unavailable",
        reason: "x",
        count: 5,
      },
      { type: "skip", runId: 1, site: "s", url: "http://o/x", cls: "out_of_scope", reason: "host o" },
    ];
    const s = events.reduce(reduceProgress, initialProgress());
    expect(s).toMatchObject({ pages: 8, reports: 1, attachments: 1, errors: 3 + 5 + 1 });
    expect(s.pending).toBe(1 + 30 + 2 - 8 - 5);
  });

  it("shows the rate and an ETA for what is queued", () => {
    const s = initialProgress();
    Object.assign(s, { pages: 10, errors: 2, pending: 24 });
    // 12 URLs finished in 6 s: 2.0 a second; 24 left: 12 s.
    expect(renderProgressLine(s, 6000)).toBe("[6s] pages 10 · reports 0 · attachments 0 · errors 2 · 2.0/s · ETA 12s");
    Object.assign(s, { pending: 24 * 300 });
    expect(renderProgressLine(s, 6000)).toContain("ETA 1h00m");
    expect(renderProgressLine(initialProgress(), 0)).toBe("[0s] pages 0 · reports 0 · attachments 0 · errors 0");
  });
});
