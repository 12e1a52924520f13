// The connections under every dataset: SQLite (better-sqlite3, the embedded default) and
// PostgreSQL (a shared dataset for a team, and the queue's home). Both answer the same calls, so
// the load, query and crawl code is written once; `dialectOf` names the few places that differ.
import type BetterSqlite3 from "better-sqlite3";
import { PgDatabase } from "./pg/connection.ts";
import type { Database } from "./types.ts";

export { PgDatabase, PgStatement } from "./pg/connection.ts";
export type { Database, RunResult, Statement, Transaction } from "./types.ts";
export { PgError, type PgConfig } from "./pg/_bridge.ts";
export { translateSql } from "./pg/dialect.ts";

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
