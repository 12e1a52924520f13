import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { openDatabase, planMetrics, SCHEMA_VERSION } from "../../src/load/index.ts";
import { rowCounts } from "./_fixtures.ts";
import { sqliteOf } from "../../src/db/index.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-mig-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("migrates an empty file to the current schema", () => {
  const db = openDatabase(join(dir, "a", "new.db"));
  expect(sqliteOf(db)!.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
  expect(sqliteOf(db)!.pragma("journal_mode", { simple: true })).toBe("wal");
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").pluck().all();
  expect(names).toEqual(
    expect.arrayContaining([
      "reports",
      "facts",
      "documents",
      "agencies",
      "regions",
      "metrics",
      "checks",
      "flags",
      "changes",
      "narratives",
      "report_wide",
      "series",
      "comparison",
      "unresolved_regions",
    ]),
  );
  expect(db.prepare("SELECT count(*) FROM metrics").pluck().get()).toBe(planMetrics().length);
  expect(
    db
      .prepare("SELECT code, name, level FROM regions WHERE code IN ('500000', '320800', '500155') ORDER BY code")
      .all(),
  ).toEqual([
    { code: "320800", name: "淮安市", level: "city" },
    { code: "500000", name: "重庆市", level: "province" },
    { code: "500155", name: "梁平区", level: "county" },
  ]);
  db.close();
});

it("reopening a migrated file changes nothing", () => {
  const file = join(dir, "twice.db");
  openDatabase(file).close();
  const raw = new BetterSqlite3(file);
  const before = rowCounts(raw);
  raw.close();
  const db = openDatabase(file);
  expect(db.prepare("SELECT total_changes()").pluck().get()).toBe(0);
  expect(rowCounts(db)).toEqual(before);
  db.close();
});

it("refuses a file written by a newer schema", () => {
  const file = join(dir, "newer.db");
  const raw = new BetterSqlite3(file);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: "SCHEMA_TOO_NEW" }));
});

it("generates a dictionary row for every key of the seed", async () => {
  const { seedExpected } = await import("./_fixtures.ts");
  const keys = new Set(planMetrics().map((m) => m.key));
  expect(Object.keys(seedExpected.facts).filter((k) => !keys.has(k))).toEqual([]);
});

it("migration 4 gives every version loaded before it its own document as primary", async () => {
  const { docFor, seedResult } = await import("./_fixtures.ts");
  const { loadParsed } = await import("../../src/load/index.ts");
  const file = join(dir, "v3.db");
  const db = openDatabase(file);
  const r = seedResult((x) => {
    x.facts["requests.new.natural_person"] = null;
    x.cells["requests.new.natural_person"] = { raw: "691", confidence: 0, method: "direct" };
    x.flags = [{ key: "requests.new.natural_person", code: "AMBIGUOUS_SPLIT", message: "691" }];
    x.status = "flagged";
  });
  loadParsed(db, docFor(r), r);
  db.close();
  // Back to schema 3, as a dataset written before renditions were recorded.
  const raw = new BetterSqlite3(file);
  for (const v of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all())
    raw.exec(`DROP VIEW "${v as string}"`);
  raw.exec("DELETE FROM schema_meta WHERE key = 'derived_sha256'");
  raw.exec(
    "DROP TABLE report_documents; DROP TABLE sites; ALTER TABLE load_runs DROP COLUMN renditions; PRAGMA user_version = 3;",
  );
  raw.close();
  const again = openDatabase(file);
  expect(again.prepare("SELECT * FROM report_documents").all()).toEqual([
    {
      report_id: 1,
      document_id: 1,
      rendition: "html",
      is_primary: 1,
      unread: 1,
      flags: 1,
      rehosted: 0,
      status: "flagged",
      parser_version: "test-1",
      load_run_id: null,
      loaded_at: expect.any(String),
    },
  ]);
  again.close();
});
