// Numbered migrations of the crawl database under `PRAGMA user_version`, as the dataset's
// (src/load/migrations/): each runs in one transaction with its version bump, so a crash leaves the
// file at the previous version. Append only: never edit a migration that has shipped.
import type { Database } from "better-sqlite3";
import { CrawlError } from "../errors.ts";
import { TABLES_SQL } from "./001-tables.ts";

export interface CrawlMigration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

export const CRAWL_MIGRATIONS: readonly CrawlMigration[] = [
  { version: 1, name: "runs, frontier, documents, url_state, hosts", up: (db) => db.exec(TABLES_SQL) },
];

export const CRAWL_SCHEMA_VERSION = CRAWL_MIGRATIONS.length;

/** Brings a crawl database up to date; refuses one written by a newer gongkai. */
export function migrateCrawlDb(db: Database, source = "crawl database"): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > CRAWL_SCHEMA_VERSION)
    throw new CrawlError(
      "DB",
      source,
      `schema version ${current} is newer than this gongkai (${CRAWL_SCHEMA_VERSION}); upgrade gongkai`,
    );
  for (const m of CRAWL_MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
