// `gongkai run` end to end against the local mirror of the demo sites: the lock, the
// summary on a run where one site is down and one report changed, and a run with nothing new.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/load/index.ts";
import { acquireLock, runPipeline, type RunSummary } from "../../src/ingest/index.ts";
import { renderSites, startMirror, type RunningMirror } from "../../demo/mirror.ts";
import { ROOT } from "../helpers.ts";

const SITES = ["pingtan", "liangping", "huaian-hongze", "huaian"];
let dir: string;
let mirror: RunningMirror;
const fast = { jitterMs: 0, adaptiveFactor: 0, retryBaseMs: 20, maxRetries: 1, connectTimeoutMs: 2000 };

async function writeSites(origins: Record<string, string>): Promise<string> {
  const file = join(dir, "sites.json");
  await writeFile(file, renderSites(await readFile(join(ROOT, "data/demo/sites.template.json"), "utf8"), origins));
  return file;
}
const run = async (origins: Record<string, string>): Promise<RunSummary> =>
  runPipeline({
    sites: await writeSites(origins),
    db: join(dir, "gongkai.db"),
    raw: join(dir, "raw"),
    year: 2024,
    crawl: fast,
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-run-"));
  await cp(join(ROOT, "data/demo/mirror"), join(dir, "mirror"), { recursive: true });
  mirror = await startMirror(SITES.map((id) => ({ id, dir: join(dir, "mirror", id) })));
});
afterAll(async () => {
  await mirror.close();
  await rm(dir, { recursive: true, force: true });
});

describe("gongkai run", () => {
  let first: RunSummary;

  it("first run: crawls every site and loads every report it finds", async () => {
    first = await run(mirror.origins);
    expect(first.ok).toBe(true);
    expect(first.sites).toMatchObject({ total: 4, visited: 4 });
    expect(first.reports).toEqual({ new: 10, changed: 0, reparsed: 0, rendition: 0, unchanged: 0, failed: 0 });
    // The Pingtan listing links reports that the mirror does not hold: dead links, as on the real site.
    expect(first.failures.http).toBe(5);
    // 洪泽区 (2023, 2024) and 淮安市 (2024) have a 2024 report; 梁平区 only its 2021 one, and 平潭 (350128, which
    // 平潭综合实验区 coincides with) none: the mirror's listing links its 2024 report, but the page is a dead link.
    expect(first.coverage).toEqual({
      year: 2024,
      divisions: 4,
      withReport: 2,
      sitesWithoutReport: ["demo-pingtan", "demo-liangping"],
      sitesWithoutDivision: [],
    });
    const db = openDatabase(join(dir, "gongkai.db"));
    // The same figures as the dataset's division_coverage view, where the run recorded its registry.
    expect(
      db
        .prepare(`SELECT division, site, reports FROM division_coverage WHERE year = 2024
          AND division IN (SELECT division FROM sites) ORDER BY division`)
        .all(),
    ).toEqual([
      { division: "320800", site: "demo-huaian", reports: 1 },
      { division: "320813", site: "demo-huaian-hongze", reports: 1 },
      { division: "350128", site: "demo-pingtan", reports: 0 },
      { division: "500155", site: "demo-liangping", reports: 0 },
    ]);
    const seed = db
      .prepare(
        `SELECT r.year, f.value FROM reports r JOIN facts f ON f.report_id = r.id JOIN documents d ON d.id = r.document_id WHERE d.site_id = 'demo-liangping' AND f.key = 'requests.new.total'`,
      )
      .get();
    db.close();
    expect(seed).toEqual({ year: 2021, value: 70 });
  });

  it("a run where one site is down and one report changed: counts both, exits ok", async () => {
    // 梁平区 silently edits its report: 新收 自然人 69 → 68 (the total row now fails its identity).
    const page = join(dir, "mirror/liangping/zwgk/zfxxgknb/202201/t20220120_3612.html");
    const html = await readFile(page, "utf8");
    const edited = html.replace(/(本年新收政府信息公开申请数量<\/td>\s*<td[^>]*>)69</, "$168<");
    expect(edited).not.toBe(html);
    await writeFile(page, edited);
    // 淮安市's server is gone: its address now refuses connections.
    const down = { ...mirror.origins, huaian: "http://127.0.0.1:9" };
    const s = await run(down);
    expect(s.ok).toBe(true);
    expect(s.reports.changed).toBe(1);
    expect(s.reports.new).toBe(0);
    expect(s.failures.network).toBeGreaterThanOrEqual(1);
    expect(s.sites.withErrors).toContain("demo-huaian");
    expect(s.checks.failing).toMatchObject({ "requests.row_total.new": 1, "requests.balance.natural_person": 1 });
    const db = openDatabase(join(dir, "gongkai.db"));
    const versions = db
      .prepare(
        `SELECT version, current FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.site_id = 'demo-liangping' ORDER BY version`,
      )
      .all();
    const change = db.prepare(`SELECT key, old_value, new_value FROM changes`).all();
    db.close();
    expect(versions).toEqual([
      { version: 1, current: 0 },
      { version: 2, current: 1 },
    ]);
    expect(change).toContainEqual({ key: "requests.new.natural_person", old_value: 69, new_value: 68 });
  });

  it("a second run with nothing new fetches no new bytes and loads nothing", async () => {
    const s = await run(mirror.origins);
    expect(s.ok).toBe(true);
    expect(s.reports.new + s.reports.changed + s.reports.reparsed + s.reports.rendition + s.reports.failed).toBe(0);
    expect(s.crawl?.reports.new).toBe(0);
    expect(s.crawl?.reports.changed).toBe(0);
    expect(s.documents).toEqual([]);
  });
});

describe("the run lock (more in lock.test.ts)", () => {
  it("makes `gongkai run` exit 75 with one line while another run holds it", async () => {
    const { run: cli } = await import("../../src/cli/run.ts");
    const db = join(dir, "locked.db");
    const held = await acquireLock(`${db}.lock`);
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => {
      errs.push(String(s));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await cli(["--db", db, "--sites", await writeSites(mirror.origins), "--quiet"])).toBe(75);
    } finally {
      process.stderr.write = orig;
      await held.release();
    }
    expect(errs.join("")).toMatch(/LOCKED .*locked\.db\.lock/);
  });
});
