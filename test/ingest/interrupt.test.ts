// The operator's side: SIGTERM (or SIGINT) while `gongkai run` is loading stops it
// after the transaction in progress, releases the lock, and the summary says so (ok false,
// interrupted true); the next run finishes the work. last-run.json lists the failing URLs with their class.
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireLock, runPipeline } from "../../src/ingest/index.ts";
import { renderSites, startMirror, type RunningMirror } from "../../demo/mirror.ts";
import { ROOT } from "../helpers.ts";
import { ensureBuilt } from "../cli-helpers.ts";
import type { RunSummary } from "../../src/ingest/index.ts";

const SITES = ["pingtan", "liangping", "huaian-hongze", "huaian"];
let dir: string;
let mirror: RunningMirror;
let sites: string;
const fast = { jitterMs: 0, adaptiveFactor: 0, retryBaseMs: 20, maxRetries: 1, connectTimeoutMs: 2000 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-interrupt-"));
  await cp(join(ROOT, "data/demo/mirror"), join(dir, "mirror"), { recursive: true });
  mirror = await startMirror(SITES.map((id) => ({ id, dir: join(dir, "mirror", id) })));
  sites = join(dir, "sites.json");
  await writeFile(
    sites,
    renderSites(await readFile(join(ROOT, "data/demo/sites.template.json"), "utf8"), mirror.origins),
  );
});
afterAll(async () => {
  await mirror.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a run interrupted while it loads", () => {
  it("stops before loading, releases the lock and says interrupted; the next run finishes", async () => {
    const abort = new AbortController();
    const opts = { sites, db: join(dir, "gongkai.db"), raw: join(dir, "raw"), year: 2021 };
    // The signal arrives as the crawl ends, that is while the run goes on to parse and load.
    const s = await runPipeline({
      ...opts,
      signal: abort.signal,
      crawl: { ...fast, onEvent: (e) => (e.type === "done" ? abort.abort() : undefined) },
    });
    expect(s.crawl?.status).toBe("finished");
    expect(s.interrupted).toBe(true);
    expect(s.ok).toBe(false);
    expect(s.reports.new).toBe(0);
    // The lock is free again.
    const lock = await acquireLock(join(dir, "gongkai.db.lock"));
    await lock.release();

    const again = await runPipeline({ ...opts, crawl: fast });
    expect(again.interrupted).toBe(false);
    expect(again.ok).toBe(true);
    expect(again.reports.new).toBe(10);
    expect(again.durationMs).toBeGreaterThan(0);
    // The Pingtan (4) and Liangping (1) listings link reports the mirror does not hold: dead links of the real sites.
    const dead = again.failedUrls.filter((f) => f.stage === "crawl");
    expect(dead).toHaveLength(5);
    for (const f of dead) expect(f).toMatchObject({ class: "http_404", group: "http", status: 404 });
    expect(dead.map((f) => f.siteId).sort()).toEqual([
      "demo-liangping",
      "demo-pingtan",
      "demo-pingtan",
      "demo-pingtan",
      "demo-pingtan",
    ]);
    expect(dead.map((f) => f.url)).toContain(
      `${mirror.origins.pingtan}/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm`,
    );
    expect(again.failures.http).toBe(5);
    expect(again.failedUrlsOmitted).toBe(0);
  });
});

describe("gongkai run and SIGTERM", () => {
  it("exits 3 and writes a summary with ok false and interrupted true", async () => {
    ensureBuilt();
    const db = join(dir, "signal", "gongkai.db");
    const child = spawn(
      process.execPath,
      [
        join(ROOT, "bin/gongkai.js"),
        "run",
        "--sites",
        sites,
        "--db",
        db,
        "--raw",
        join(dir, "signal-raw"),
        "--year",
        "2021",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    // Off a terminal the crawl logs JSON lines on stderr: signal at the first fetch.
    let sent = false;
    child.stderr.on("data", (b: Buffer) => {
      if (!sent && b.toString().includes('"type":"fetch"')) {
        sent = true;
        child.kill("SIGTERM");
      }
    });
    expect(await exited).toBe(3);
    expect(sent).toBe(true);
    const summary = JSON.parse(await readFile(join(dir, "signal", "last-run.json"), "utf8")) as RunSummary;
    expect(summary).toMatchObject({ ok: false, interrupted: true });
    expect(summary.crawl?.status).toBe("aborted");
  });
});
