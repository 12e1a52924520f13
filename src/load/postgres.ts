// Opening a PostgreSQL dataset: `postgres://user@host:port/database?schema=name`. One database can
// hold several datasets, a schema each (`schema`, default `gongkai`); pg_trgm lives where the
// server's administrator put it (public by default) and is found through the search path.
import { type Database, PgDatabase, PgError, parsePostgresUrl, redactUrl } from "../db/index.ts";
import { LoadError } from "./errors.ts";
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from "./migrations/postgres.ts";

/** Opens (and unless `readonly`, creates and migrates) the dataset a PostgreSQL URL names. */
export function openPostgres(url: string, readonly: boolean, refresh: (db: Database) => void): Database {
  const source = redactUrl(url);
  const parsed = parsePostgresUrl(url);
  if ("problem" in parsed) throw new LoadError("BAD_OPTION", source, parsed.problem);
  const { connectionString, schema } = parsed;
  const db = new PgDatabase({ connectionString, searchPath: `"${schema}", public` }, readonly);
  try {
    if (readonly) {
      const version = versionOf(db);
      if (version === 0)
        throw new LoadError(
          "NOT_FOUND",
          source,
          `no gongkai dataset in schema "${schema}"; run \`gongkai load\` first`,
        );
      if (version > PG_SCHEMA_VERSION) throw tooNew(source, version);
    } else {
      db.transaction(() => {
        db.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        if (!db.prepare("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").get())
          db.exec("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
      })();
      migratePostgres(db, refresh, source);
    }
    return db;
  } catch (err) {
    db.close();
    // SQLSTATE classes 08 (connection), 28 (authorisation), 3D (no such database), 57P (shutdown); E… from the socket.
    if (err instanceof PgError && (err.code === undefined || /^(08|57P|28|3D|E[A-Z]+$)|^TIMEOUT$/.test(err.code)))
      throw new LoadError("UNREACHABLE", source, `PostgreSQL: ${err.message}`, { cause: err });
    throw err;
  }
}

/** Runs the pending PostgreSQL migrations, each in a transaction holding the writers' lock. */
export function migratePostgres(db: Database, refresh: (db: Database) => void, source = db.name): void {
  for (const m of PG_MIGRATIONS) {
    db.transaction(() => {
      const current = versionOf(db);
      if (current > PG_SCHEMA_VERSION) throw tooNew(source, current);
      if (m.version <= current) return;
      m.up(db);
      db.prepare(
        "INSERT INTO schema_meta (key, value) VALUES ('pg_schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(String(m.version));
    })();
  }
  refresh(db);
}

function versionOf(db: Database): number {
  const table = db.prepare("SELECT to_regclass('schema_meta') IS NOT NULL AS present").get() as { present: number };
  if (!table.present) return 0;
  const v = db.prepare("SELECT value FROM schema_meta WHERE key = 'pg_schema_version'").pluck().get() as
    | string
    | undefined;
  return v === undefined ? 0 : Number(v);
}

function tooNew(source: string, version: number): LoadError {
  return new LoadError(
    "SCHEMA_TOO_NEW",
    source,
    `schema version ${version} is newer than this gongkai (${PG_SCHEMA_VERSION}); upgrade gongkai`,
  );
}
