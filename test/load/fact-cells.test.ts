// Migration 3: fact cells keyed by integer key ids (fact_keys, fact_cells), `facts` a view with the
// old table's columns; keys outside the dictionary get ids on demand, and a rolled-back key id is
// never reused for another key.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { loadBatch, loadParsed, openDatabase, planMetrics, SCHEMA_VERSION } from "../../src/load/index.ts";
import { planSyntheticReport } from "../../bench/synthetic.ts";
import { MIGRATIONS } from "../../src/load/migrations/index.ts";
import { planViews } from "../../src/load/views.ts";
import type { ParseResult } from "../../src/parse/index.ts";
import { fixedClock, freshDb, onPostgres } from "./_fixtures.ts";
import { sqliteOf } from "../../src/db/index.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-cells-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FACT_COLUMNS = [
  "report_id",
  "key",
  "value",
  "raw",
  "confidence",
  "method",
  "locator",
  "unit",
  "flagged",
  "section",
  "row",
  "col",
];
const opts = { now: fixedClock, validate: false };

function withExtra(i: number, key: string, edit: (r: ParseResult) => void = () => {}): ParseResult {
  const r = planSyntheticReport(i, { parserVersion: "cells-test" });
  r.facts[key] = 7;
  r.cells[key] = { raw: "7", confidence: 1, method: "direct" };
  edit(r);
  return r;
}

it("facts is a view with the old table's columns over fact_cells", () => {
  const db = freshDb();
  const kind = onPostgres
    ? "SELECT 'view' FROM information_schema.views WHERE table_schema = current_schema() AND table_name = 'facts'"
    : "SELECT type FROM sqlite_master WHERE name = 'facts'";
  expect(db.prepare(kind).pluck().get()).toBe("view");
  expect(
    db
      .prepare("SELECT * FROM facts")
      .columns()
      .map((c) => c.name),
  ).toEqual(FACT_COLUMNS);
  expect(db.prepare("SELECT count(*) FROM fact_keys").pluck().get()).toBe(planMetrics().length);
});

it.skipIf(onPostgres)("migrates a version-2 file: its facts read back the same through the view", () => {
  const file = join(dir, "v2.db");
  const raw = new BetterSqlite3(file);
  raw.pragma("journal_mode = WAL");
  raw.pragma("foreign_keys = ON");
  for (const m of MIGRATIONS.filter((x) => x.version <= 2)) m.up(raw);
  for (const v of planViews(planMetrics())) raw.exec(`CREATE VIEW ${v.name} AS\n${v.sql}`);
  raw.exec("INSERT INTO schema_meta (key, value) VALUES ('derived_sha256', 'old')");
  raw.pragma("user_version = 2");
  raw.exec(`INSERT INTO documents (id, sha256, first_loaded_at) VALUES (1, 'abc', '2024-01-01T00:00:00.000Z');
    INSERT INTO reports (id, report_key, version, current, reason, document_id, agency, year, template, parser_version, status, loaded_at)
      VALUES (1, 'k', 1, 1, 'new', 1, '某局', 2021, '2021', 'p', 'ok', '2024-01-01T00:00:00.000Z');
    INSERT INTO facts (report_id, key, value, raw, confidence, method, locator, unit, flagged) VALUES
      (1, 'requests.new.total', 70, '70', 1, 'direct', 'l1', NULL, 0),
      (1, 'requests.extra_foo.natural_person', NULL, '/', 0.5, 'ordinal', NULL, '件', 1);`);
  const before = raw.prepare("SELECT * FROM facts ORDER BY key").all();
  raw.close();

  const db = openDatabase(file);
  expect(sqliteOf(db)!.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
  expect(db.prepare("SELECT type FROM sqlite_master WHERE name = 'facts'").pluck().get()).toBe("view");
  expect(db.prepare("SELECT * FROM facts ORDER BY key").all()).toEqual(before);
  expect(db.prepare("SELECT count(*) FROM fact_cells").pluck().get()).toBe(2);
  expect(db.prepare("SELECT requests_new_total FROM report_wide").pluck().get()).toBe(70);
  expect(sqliteOf(db)!.pragma("foreign_key_check")).toEqual([]);
  db.close();
});

it("gives a key outside the dictionary an id on demand, once", () => {
  const db = freshDb();
  const key = "requests.extra_new_row.natural_person";
  loadParsed(db, { sha256: "a", path: "a" }, withExtra(0, key), opts);
  loadParsed(db, { sha256: "b", path: "b" }, withExtra(1, key), opts);
  expect(db.prepare("SELECT count(*) FROM fact_keys WHERE key = ?").pluck().get(key)).toBe(1);
  expect(
    db.prepare("SELECT report_id, section, row, col, value FROM facts WHERE key = ? ORDER BY report_id").all(key),
  ).toEqual([
    { report_id: 1, section: "requests", row: "extra_new_row", col: "natural_person", value: 7 },
    { report_id: 2, section: "requests", row: "extra_new_row", col: "natural_person", value: 7 },
  ]);
});

it("does not reuse the id of a key whose insert was rolled back", () => {
  const db = freshDb();
  const rolled = "requests.extra_rolled_back.total";
  const other = "requests.extra_other.total";
  // A report the database refuses after its facts (a check without an id): its new key goes with it.
  const refused = withExtra(0, rolled, (r) => {
    (r.checks[0] as { id: string | null }).id = null;
  });
  const out = loadBatch(
    db,
    [
      { doc: { sha256: "a", path: "a" }, result: refused },
      { doc: { sha256: "b", path: "b" }, result: withExtra(1, rolled) },
    ],
    opts,
  );
  expect(out.map((o) => o.status)).toEqual(["failed", "new"]);
  // A caller's transaction rolled back with a new key in it.
  expect(() =>
    db.transaction(() => {
      loadParsed(db, { sha256: "c", path: "c" }, withExtra(2, other), opts);
      throw new Error("caller gives up");
    })(),
  ).toThrow("caller gives up");
  loadParsed(db, { sha256: "d", path: "d" }, withExtra(3, "requests.extra_third.total"), opts);
  loadParsed(db, { sha256: "e", path: "e" }, withExtra(4, rolled), opts);
  loadParsed(db, { sha256: "f", path: "f" }, withExtra(5, other), opts);
  const keysOf = (sha: string) =>
    db
      .prepare(`SELECT f.key FROM facts f JOIN reports r ON r.id = f.report_id JOIN documents d ON d.id = r.document_id
    WHERE d.sha256 = ? AND f.key LIKE 'requests.extra%'`)
      .pluck()
      .all(sha);
  expect(keysOf("b")).toEqual([rolled]);
  expect(keysOf("d")).toEqual(["requests.extra_third.total"]);
  expect(keysOf("e")).toEqual([rolled]);
  expect(keysOf("f")).toEqual([other]);
  expect(keysOf("c")).toEqual([]);
  expect(
    db.prepare("SELECT count(*) FROM fact_cells WHERE key_id NOT IN (SELECT id FROM fact_keys)").pluck().get(),
  ).toBe(0);
});
