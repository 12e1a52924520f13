// `gongkai run --db postgres://…`: the demo mirror crawled and loaded into a PostgreSQL dataset gives
// the same reports, facts, flags and checks as the same run into SQLite, and a second run changes
// nothing; `gongkai serve` answers from it.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSites, startMirror, type RunningMirror } from "../../demo/mirror.ts";
import type { Database } from "../../src/db/index.ts";
import { runPipeline } from "../../src/ingest/index.ts";
import { openDatabase } from "../../src/load/index.ts";
import { startServer } from "../../src/web/server.ts";
import { ROOT } from "../helpers.ts";
import { changeMark, freshPostgresUrl } from "../load/_fixtures.ts";

const SITES = ["pingtan", "liangping", "huaian-hongze", "huaian"];
const fast = { jitterMs: 0, adaptiveFactor: 0, retryBaseMs: 20, maxRetries: 1, connectTimeoutMs: 2000 };
let dir: string;
let mirror: RunningMirror;
const pgUrl = freshPostgresUrl();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-pgrun-"));
  await cp(join(ROOT, "data/demo/mirror"), join(dir, "mirror"), { recursive: true });
  mirror = await startMirror(SITES.map((id) => ({ id, dir: join(dir, "mirror", id) })));
  const sites = join(dir, "sites.json");
  await writeFile(
    sites,
    renderSites(await readFile(join(ROOT, "data/demo/sites.template.json"), "utf8"), mirror.origins),
  );
  for (const db of [join(dir, "gongkai.db"), pgUrl])
    await runPipeline({
      sites,
      db,
      raw: join(dir, "raw"),
      crawlDb: join(dir, `crawl-${db.length}.db`),
      year: 2024,
      crawl: fast,
    });
});
afterAll(async () => {
  await mirror.close();
  await rm(dir, { recursive: true, force: true });
});

/** Everything a reader sees, keyed by what does not depend on row ids. */
function contents(db: Database) {
  const q = (sql: string) => db.prepare(sql).all();
  return {
    reports: q(`SELECT report_key, version, current, agency, region_code, year, template, status, sha256
      FROM reports r JOIN documents d ON d.id = r.document_id ORDER BY report_key, version`),
    facts: q(`SELECT r.report_key, f.key, f.value, f.raw, f.flagged FROM facts f JOIN reports r ON r.id = f.report_id
      ORDER BY r.report_key, f.key`),
    flags: q(
      `SELECT r.report_key, f.seq, f.key, f.code FROM flags f JOIN reports r ON r.id = f.report_id ORDER BY 1, 2`,
    ),
    checks: q(
      `SELECT r.report_key, c.check_id, c.ok FROM checks c JOIN reports r ON r.id = c.report_id ORDER BY 1, c.seq`,
    ),
    wide: q("SELECT * FROM report_wide ORDER BY agency, year").map((r) => ({
      ...(r as object),
      report_id: 0,
      loaded_at: 0,
      // Each run crawled the mirror itself.
      fetched_at: 0,
    })),
  };
}

describe("gongkai run into PostgreSQL", () => {
  it("loads what the same run loads into SQLite", () => {
    const sqlite = openDatabase(join(dir, "gongkai.db"), { readonly: true });
    const pg = openDatabase(pgUrl, { readonly: true });
    const a = contents(sqlite);
    const b = contents(pg);
    // The demo mirror's ten 2024-run reports (test/ingest/run.test.ts counts them).
    expect(a.reports).toHaveLength(10);
    expect(b).toEqual(a);
    sqlite.close();
    pg.close();
  });

  it("a second run changes nothing", async () => {
    const pg = openDatabase(pgUrl);
    // `sites` is the registry as the last run recorded it, rewritten by every run (src/load/sites.ts).
    const mark = () => ({ ...(changeMark(pg) as object), sites: null });
    const before = mark();
    const summary = await runPipeline({
      sites: join(dir, "sites.json"),
      db: pgUrl,
      raw: join(dir, "raw"),
      crawlDb: join(dir, "crawl-again.db"),
      year: 2024,
      crawl: fast,
    });
    expect(summary.reports).toMatchObject({ new: 0, changed: 0, failed: 0 });
    expect(mark()).toEqual(before);
    pg.close();
  });

  it("is served by gongkai serve", async () => {
    const server = await startServer({ db: pgUrl, host: "127.0.0.1", port: 0, raw: join(dir, "raw") });
    try {
      const res = await fetch(`${server.url}/compare?year=2024&metric=requests.new.total`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("洪泽区");
    } finally {
      await server.close();
    }
  });
});
