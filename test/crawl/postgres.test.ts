// The crawl database on PostgreSQL (src/crawl/postgres.ts): the host gate between two connections, as
// between two worker processes. One holder at a time; the next waits out the gap the last one left;
// a holder whose connection dies frees the host at once.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgHostGate, type Db, openCrawlDatabase } from "../../src/crawl/index.ts";

const PG_URL = process.env.GONGKAI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCHEMA = `gk_test_gate_${process.pid}`;
const URL = `${PG_URL}?schema=${SCHEMA}`;

let a: Db;
let b: Db;
beforeAll(() => {
  a = openCrawlDatabase(URL);
  b = openCrawlDatabase(URL);
});
afterAll(async () => {
  a.close();
  b?.close();
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${SCHEMA}_crawl" CASCADE`);
  await c.end();
});

describe("the PostgreSQL host gate", () => {
  it("makes the crawl schema beside the dataset's, with the SQLite table names", () => {
    const tables = a
      .prepare("SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1")
      .pluck()
      .all(`${SCHEMA}_crawl`);
    expect(tables).toEqual(["crawl_meta", "documents", "frontier", "host_pace", "hosts", "runs", "url_state"]);
  });

  it("one holder per host across connections, and the next waits out the gap", async () => {
    const ga = createPgHostGate(a);
    const gb = createPgHostGate(b);
    const lease = await ga.acquire("h.test", 0);
    let got = 0;
    const waiting = gb.acquire("h.test", 0).then((l) => {
      got = Date.now();
      return l;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toBe(0); // still held by a
    const released = Date.now();
    lease.release(300);
    (await waiting).release(0);
    expect(got - released).toBeGreaterThanOrEqual(290);
    // Another host is not held up by this one.
    const other = await ga.acquire("other.test", 0);
    other.release(0);
  });

  it("a holder whose connection dies frees the host at once", async () => {
    const dying = openCrawlDatabase(URL);
    await createPgHostGate(dying).acquire("d.test", 0);
    dying.close(); // as a worker killed mid-request: the server drops its session locks
    const t0 = Date.now();
    (await createPgHostGate(b).acquire("d.test", 0)).release(0);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
