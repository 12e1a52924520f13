// The crawl database on PostgreSQL, shared by every `gongkai worker` (src/queue/): the frontier, fetch
// log and host state of migrations/postgres.ts in their own schema, `<dataset schema>_crawl`, so the
// tables keep their SQLite names (the dataset has a `documents` table of its own) and the store's SQL
// is one text for both. And the host gate: one request in flight per host across all processes, and
// the host's gap kept across them.
import { type Database, PgDatabase, parsePostgresUrl, redactUrl } from "../db/index.ts";
import { CrawlError } from "./errors.ts";
import { PG_CRAWL_MIGRATIONS, PG_CRAWL_SCHEMA_VERSION } from "./migrations/postgres.ts";
import { sleep } from "./_sleep.ts";

/** How often a process waiting for a host another process holds looks again, ms. */
const GATE_POLL_MS = 50;

/** The connection string without `schema`, and the crawl schema beside the dataset's. */
export function parsePgCrawlUrl(url: string): { connectionString: string; schema: string } {
  const parsed = parsePostgresUrl(url);
  if ("problem" in parsed) throw new CrawlError("BAD_OPTIONS", redactUrl(url), parsed.problem);
  return { connectionString: parsed.connectionString, schema: `${parsed.schema}_crawl` };
}

/** Opens (creating and migrating) the crawl schema of the dataset a PostgreSQL URL names. */
export function openPgCrawlDb(url: string): Database {
  const { connectionString, schema } = parsePgCrawlUrl(url);
  // The frontier's writes are per row and idempotent; they need not wait for the dataset's loads.
  const db = new PgDatabase({ connectionString, searchPath: `"${schema}"` }, false, { writersLock: false });
  try {
    db.transaction(() => {
      // Two workers starting at once: one creates the schema, the other waits and finds it made.
      db.prepare("SELECT pg_advisory_xact_lock(hashtext(?))").get(`gongkai crawl schema ${schema}`);
      db.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const present = db.prepare("SELECT to_regclass('crawl_meta') IS NOT NULL AS p").pluck().get() as number;
      const current = present
        ? Number(db.prepare("SELECT value FROM crawl_meta WHERE key = 'version'").pluck().get() ?? 0)
        : 0;
      if (current > PG_CRAWL_SCHEMA_VERSION)
        throw new Error(
          `schema version ${current} is newer than this gongkai (${PG_CRAWL_SCHEMA_VERSION}); upgrade gongkai`,
        );
      for (const m of PG_CRAWL_MIGRATIONS) {
        if (m.version <= current) continue;
        m.up(db);
        db.prepare(
          "INSERT INTO crawl_meta (key, value) VALUES ('version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        ).run(String(m.version));
      }
    })();
  } catch (cause) {
    db.close();
    throw new CrawlError("DB", redactUrl(url), cause instanceof Error ? cause.message : String(cause), { cause });
  }
  return db;
}

/** A host held by this process: the next request to it may start `gapMs` after release at the earliest. */
export interface HostLease {
  release(gapMs: number): void;
}

/** Cross-process politeness: `acquire` resolves when this process may send the next request to `host`. */
export interface HostGate {
  acquire(host: string, gapMs: number, signal?: AbortSignal): Promise<HostLease>;
}

/**
 * The host gate on a PostgreSQL crawl database: a session advisory lock per host (the server drops it
 * the moment a holder's connection dies, so a killed worker never leaves a host locked), and
 * `host_pace.next_at`, the earliest start of the next request, written before each request and again
 * after it. One gate per connection: session locks are re-entrant, so the gate keeps this process's
 * own holders apart itself.
 */
export function createPgHostGate(db: Database, now: () => number = Date.now): HostGate {
  const held = new Set<string>();
  const tryLock = db.prepare("SELECT pg_try_advisory_lock(hashtext(current_schema()), hashtext(?))").pluck();
  const unlock = db.prepare("SELECT pg_advisory_unlock(hashtext(current_schema()), hashtext(?))").pluck();
  const paceOf = db.prepare("SELECT next_at FROM host_pace WHERE host = ?").pluck();
  const pace = db.prepare(
    `INSERT INTO host_pace (host, next_at) VALUES (?, ?)
     ON CONFLICT (host) DO UPDATE SET next_at = GREATEST(host_pace.next_at, excluded.next_at)`,
  );
  return {
    async acquire(host, gapMs, signal) {
      let mine = false;
      while (!signal?.aborted) {
        if (!held.has(host) && tryLock.get(host)) {
          mine = true;
          held.add(host);
          break;
        }
        await sleep(GATE_POLL_MS, signal);
      }
      // Aborted before our turn: the request sees the abort and is not sent, so nothing is held.
      if (!mine) return { release: () => undefined };
      // Our turn: wait out the gap the last request (of any process) left, holding the host meanwhile.
      for (let wait = Number(paceOf.get(host) ?? 0) - now(); wait > 0 && !signal?.aborted; ) {
        await sleep(wait, signal);
        wait = Number(paceOf.get(host) ?? 0) - now();
      }
      pace.run(host, now() + gapMs);
      return {
        release(gap) {
          pace.run(host, now() + gap);
          held.delete(host);
          unlock.get(host);
        },
      };
    },
  };
}
