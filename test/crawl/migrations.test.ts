// The crawl database's migrations (src/crawl/migrations/): versioned like the dataset.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openCrawlDb } from "../../src/crawl/index.ts";
import { TABLES_SQL } from "../../src/crawl/migrations/001-tables.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-crawl-mig-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("crawl database migrations", () => {
  it("stamps a new crawl database with version 1", () => {
    const db = openCrawlDb(join(dir, "new.db"));
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM runs").pluck().get()).toBe(0);
    db.close();
  });

  it("stamps a crawl database made before versions were recorded, keeping its rows", () => {
    const file = join(dir, "old.db");
    const old = new Database(file);
    old.exec(TABLES_SQL);
    old.prepare("INSERT INTO runs (started_at, status, sites) VALUES ('2026-11-01T00:00:00Z', 'finished', '[]')").run();
    old.close();
    const db = openCrawlDb(file);
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT status FROM runs").pluck().all()).toEqual(["finished"]);
    db.close();
  });

  it("refuses a crawl database written by a newer gongkai", () => {
    const file = join(dir, "newer.db");
    const newer = new Database(file);
    newer.pragma("user_version = 99");
    newer.close();
    expect(() => openCrawlDb(file)).toThrow(/schema version 99 is newer/);
  });
});
