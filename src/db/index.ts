// The connections under every dataset: SQLite (better-sqlite3, the embedded default) and
// PostgreSQL (a shared dataset for a team, and the queue's home). Both answer the same calls, so
// the load, query and crawl code is written once; `dialectOf` names the few places that differ.
import type BetterSqlite3 from "better-sqlite3";
import { PgDatabase } from "./pg/connection.ts";
import type { Database } from "./types.ts";

export { PgDatabase, PgStatement } from "./pg/connection.ts";
export type { Database, RunResult, Statement, Transaction } from "./types.ts";
export { PgError, type PgConfig } from "./pg/_bridge.ts";

export type Dialect = "sqlite" | "postgres";

export function dialectOf(db: Database): Dialect {
  return db instanceof PgDatabase ? "postgres" : "sqlite";
}

/** The SQLite connection under a dataset, for what only SQLite has (pragmas, checkpoints). */
export function sqliteOf(db: Database): BetterSqlite3.Database | null {
  return db instanceof PgDatabase ? null : (db as unknown as BetterSqlite3.Database);
}

/** `postgres://…` and `postgresql://…` name a PostgreSQL dataset; anything else is a SQLite file. */
export function isPostgresUrl(name: string): boolean {
  return /^postgres(ql)?:\/\//i.test(name);
}

/** The dataset's schema when a URL names none. */
export const DEFAULT_PG_SCHEMA = "gongkai";

/**
 * A PostgreSQL dataset URL taken apart: the connection string without gongkai's own `schema`
 * parameter, and that schema (the dataset's; the crawl and the queue use `<schema>_crawl` and
 * `<schema>_boss` beside it, so it is at most 57 characters). Why it is not one, otherwise.
 */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string } | { problem: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { problem: "not a PostgreSQL URL (postgres://user@host:port/database)" };
  }
  if (!isPostgresUrl(url)) return { problem: "not a PostgreSQL URL (postgres://user@host:port/database)" };
  const schema = u.searchParams.get("schema") ?? DEFAULT_PG_SCHEMA;
  if (!/^[a-z_][a-z0-9_]{0,56}$/.test(schema))
    return { problem: `schema "${schema}": use lower-case letters, digits and _ (at most 57)` };
  u.searchParams.delete("schema");
  return { connectionString: u.toString(), schema };
}

/** A URL as printed in messages and logs: the password (if any) replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, "$1***@");
}

/**
 * A subquery over the items of one JSON array parameter, for `x IN (…)`: no statement binds a
 * variable per list item (SQLite allows 32,766). `integer` casts the items for an id column.
 */
export function jsonListSql(db: Database, param = "?", as: "text" | "integer" = "text"): string {
  if (dialectOf(db) === "sqlite") return `SELECT value FROM json_each(${param})`;
  return `SELECT CAST(value AS ${as === "integer" ? "BIGINT" : "TEXT"}) FROM json_array_elements_text(CAST(${param} AS json))`;
}
