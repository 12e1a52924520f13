// Parse results for loader tests, built from the hand-checked seed facts (test/fixtures/load/seed.expected.json).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ParseResult } from "../../src/parse/index.ts";
import { dialectOf } from "../../src/db/index.ts";
import { openDatabase, type Database, type SourceDocument } from "../../src/load/index.ts";

export const FIXTURES = new URL("../fixtures/load/", import.meta.url);

export interface SeedExpected {
  report: { region: string; agency: string; year: number; template: "2021" };
  facts: Record<string, number>;
}
export const seedExpected = JSON.parse(readFileSync(new URL("seed.expected.json", FIXTURES), "utf8")) as SeedExpected;

/** The seed report as the parser would return it (status ok, no flags). */
export function seedResult(edit: (r: ParseResult) => void = () => {}): ParseResult {
  const facts: Record<string, number | null> = { ...seedExpected.facts };
  const cells: ParseResult["cells"] = {};
  for (const [k, v] of Object.entries(facts)) cells[k] = { raw: String(v), confidence: 1, method: "direct" };
  const r: ParseResult = {
    source: { path: "seed.txt", sha256: "", media_type: "text/plain", shape: "bar-text" },
    report: { ...seedExpected.report, title: "梁平区人民政府2021年政府信息公开工作年度报告", published: "2022-01-20" },
    facts,
    cells,
    checks: [
      {
        id: "requests.balance.total",
        ok: true,
        hard: true,
        keys: ["requests.new.total"],
        expected: 70,
        actual: 70,
        blank: [],
      },
    ],
    flags: [],
    status: "ok",
    narrative: {
      overview: "全年共办理依申请公开70件，行政复议案件有所减少。",
      problems: "政务公开的标准化规范化水平有待提高。",
      other: null,
    },
    parser_version: "test-1",
  };
  edit(r);
  return r;
}

export function docFor(r: ParseResult, extra: Partial<SourceDocument> = {}): SourceDocument {
  const sha256 = createHash("sha256")
    .update(JSON.stringify(r.facts) + JSON.stringify(r.report))
    .digest("hex");
  return {
    sha256,
    url: "https://www.cqlp.gov.cn/zwgk/2021-report.html",
    fetchedAt: "2022-02-01T00:00:00.000Z",
    mediaType: "text/html",
    ...extra,
  };
}

export const fixedClock = () => new Date("2024-05-01T00:00:00.000Z");

/**
 * The backend these tests run on: vitest's "postgres" project sets GONGKAI_TEST_BACKEND, and the
 * same load and query tests run against a PostgreSQL dataset (a fresh schema each) instead of SQLite.
 */
export const BACKEND: "sqlite" | "postgres" = process.env.GONGKAI_TEST_BACKEND === "postgres" ? "postgres" : "sqlite";
export const onPostgres = BACKEND === "postgres";
/** The test server (vitest's globalSetup drops the test schemas before and after the run). */
export const TEST_PG_URL = process.env.GONGKAI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

let schemas = 0;
/** A URL naming a new, empty PostgreSQL dataset (schema `gk_test_<pid>_<n>`). */
export function freshPostgresUrl(): string {
  return `${TEST_PG_URL}?schema=gk_test_${process.pid}_${++schemas}`;
}

/** Where a test's dataset lives: the file it names on SQLite, a fresh schema on PostgreSQL. */
export function datasetName(file: string): string {
  return onPostgres ? freshPostgresUrl() : file;
}

/** An empty dataset on the backend under test. */
export function freshDb(): Database {
  return openDatabase(onPostgres ? freshPostgresUrl() : ":memory:");
}

/** Row counts of every table (the FTS shadow tables included), for "nothing changed" assertions. */
export function rowCounts(db: Database): Record<string, number> {
  const names = db
    .prepare(
      dialectOf(db) === "postgres"
        ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(names.map((n) => [n, db.prepare(`SELECT count(*) FROM "${n}"`).pluck().get() as number]));
}

/**
 * A mark that moves whenever anything is written: SQLite's total_changes(); on PostgreSQL each
 * table's row count and the newest transaction id among its rows (an insert or update gives a row a
 * new xmin; a delete changes the count). For "loading again changes nothing".
 */
export function changeMark(db: Database): unknown {
  if (dialectOf(db) === "sqlite") return db.prepare("SELECT total_changes()").pluck().get();
  const tables = Object.keys(rowCounts(db));
  return Object.fromEntries(
    tables.map((t) => [
      t,
      db.prepare(`SELECT count(*) AS n, max(CAST(CAST(xmin AS TEXT) AS BIGINT)) AS x FROM "${t}"`).get(),
    ]),
  );
}
