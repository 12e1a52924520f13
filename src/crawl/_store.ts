// Prepared statements over the crawl database. Synchronous (better-sqlite3, or PostgreSQL through
// src/db); each method that changes state commits before it returns, so the frontier survives kill -9
// between any two calls. The SQL is the subset both share (src/db/pg/dialect.ts rewrites parameters
// and INSERT OR IGNORE).
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Database as Connection, isPostgresUrl } from "../db/index.ts";
import { openPgCrawlDb } from "./postgres.ts";
import { migrateCrawlDb } from "./migrations/index.ts";

/** A crawl database connection: a SQLite file or a PostgreSQL crawl schema. */
export type Db = Connection;
export type Kind = "list" | "report" | "attachment";
export type FrontierState = "pending" | "in_flight" | "done" | "failed" | "blocked" | "skipped";

export interface FrontierRow {
  id: number;
  run_id: number;
  key: string;
  url: string;
  method: "GET" | "POST";
  body: string | null;
  host: string;
  site_id: string;
  kind: Kind;
  /** List pages: `html`, or the adapter whose own format the answer is in (hanweb, json, gkmlpt). */
  format: string | null;
  page: number;
  known_pages: number;
  title: string | null;
  referer: string | null;
  state: FrontierState;
  attempts: number;
  next_at: number;
  last_status: number | null;
  class: string | null;
  error: string | null;
}

export type NewFrontierRow = Pick<FrontierRow, "url" | "method" | "host" | "site_id" | "kind"> &
  Partial<Pick<FrontierRow, "body" | "format" | "page" | "known_pages" | "title" | "referer">> &
  /** A row recorded but never fetched (e.g. `skipped` / `out_of_scope`). */
  Partial<Pick<FrontierRow, "state" | "class" | "error">>;

export interface DocumentInsert {
  run_id: number;
  frontier_id: number | null;
  site_id: string;
  kind: Kind;
  url: string;
  final_url: string | null;
  method: string;
  status: number | null;
  headers: string | null;
  fetched_at: string;
  sha256: string | null;
  size: number | null;
  archive_path: string | null;
  media_type: string | null;
  charset: string | null;
  class: string;
  title: string | null;
  change: string | null;
  error_code: string | null;
  error: string | null;
  duration_ms: number | null;
}

export interface UrlState {
  key: string;
  url: string;
  etag: string | null;
  last_modified: string | null;
  sha256: string | null;
  size: number | null;
  archive_path: string | null;
  media_type: string | null;
  charset: string | null;
  status: number | null;
  class: string | null;
  fetched_at: string | null;
  run_id: number | null;
}

export interface HostRow {
  host: string;
  backoff_level: number;
  blocks: number;
  cooldown_until: number;
  robots_status: number | null;
  robots_txt: string | null;
  robots_fetched_at: number | null;
}

export function frontierKey(method: string, url: string, body?: string | null): string {
  return method === "GET" ? url : `${method} ${url} ${body ?? ""}`;
}

/** Open (creating if needed) a crawl database: `postgres://…?schema=…` (postgres.ts) or a SQLite file. */
export function openCrawlDatabase(name: string): Db {
  return isPostgresUrl(name) ? openPgCrawlDb(name) : (openCrawlDb(name) as unknown as Db);
}

/** Open (creating if needed) a SQLite crawl database in WAL mode. */
export function openCrawlDb(file: string): Database.Database {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL"); // WAL + NORMAL: durable across process crashes, which is what kill -9 is
  db.pragma("busy_timeout = 5000");
  try {
    migrateCrawlDb(db, file);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function createStore(db: Db) {
  const s = {
    openRun: db.prepare(`SELECT id FROM runs WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1`),
    openRunFor: db.prepare(`SELECT id FROM runs WHERE finished_at IS NULL AND sites = ? ORDER BY id DESC LIMIT 1`),
    insertRun: db.prepare(`INSERT INTO runs (started_at, status, sites) VALUES (?, 'running', ?) RETURNING id`),
    finishRun: db.prepare(`UPDATE runs SET finished_at = ?, status = ? WHERE id = ?`),
    lastFinished: db.prepare(
      `SELECT id FROM runs WHERE finished_at IS NOT NULL AND status = 'finished' ORDER BY id DESC LIMIT 1`,
    ),
    resetInFlight: db.prepare(`UPDATE frontier SET state = 'pending' WHERE run_id = ? AND state = 'in_flight'`),
    enqueue:
      db.prepare(`INSERT OR IGNORE INTO frontier (run_id, key, url, method, body, host, site_id, kind, format, page, known_pages, title, referer, state, next_at, class, error)
      VALUES (@run_id, @key, @url, @method, @body, @host, @site_id, @kind, @format, @page, @known_pages, @title, @referer, @state, 0, @class, @error)`),
    pick: db.prepare(
      `SELECT * FROM frontier WHERE run_id = ? AND host = ? AND state = 'pending' AND next_at <= ? ORDER BY id LIMIT 1`,
    ),
    hostWake: db.prepare(`SELECT MIN(next_at) AS at FROM frontier WHERE run_id = ? AND host = ? AND state = 'pending'`),
    pendingHosts: db.prepare(`SELECT DISTINCT host FROM frontier WHERE run_id = ? AND state = 'pending'`),
    countState: db.prepare(`SELECT COUNT(*) AS n FROM frontier WHERE run_id = ? AND state = ?`),
    markInFlight: db.prepare(`UPDATE frontier SET state = 'in_flight', attempts = attempts + 1 WHERE id = ?`),
    finish: db.prepare(`UPDATE frontier SET state = ?, last_status = ?, class = ?, error = ? WHERE id = ?`),
    reschedule: db.prepare(
      `UPDATE frontier SET state = 'pending', next_at = ?, last_status = ?, class = ?, error = ? WHERE id = ?`,
    ),
    skipHost: db.prepare(
      `UPDATE frontier SET state = 'skipped', class = ?, error = ? WHERE run_id = ? AND host = ? AND state = 'pending'`,
    ),
    insertDoc:
      db.prepare(`INSERT INTO documents (run_id, frontier_id, site_id, kind, url, final_url, method, status, headers, fetched_at, sha256, size, archive_path, media_type, charset, class, title, change, error_code, error, duration_ms)
      VALUES (@run_id, @frontier_id, @site_id, @kind, @url, @final_url, @method, @status, @headers, @fetched_at, @sha256, @size, @archive_path, @media_type, @charset, @class, @title, @change, @error_code, @error, @duration_ms)`),
    getUrl: db.prepare(`SELECT * FROM url_state WHERE key = ?`),
    putUrl:
      db.prepare(`INSERT INTO url_state (key, url, etag, last_modified, sha256, size, archive_path, media_type, charset, status, class, fetched_at, run_id)
      VALUES (@key, @url, @etag, @last_modified, @sha256, @size, @archive_path, @media_type, @charset, @status, @class, @fetched_at, @run_id)
      ON CONFLICT (key) DO UPDATE SET url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256,
        size = excluded.size, archive_path = excluded.archive_path, media_type = excluded.media_type, charset = excluded.charset,
        status = excluded.status, class = excluded.class, fetched_at = excluded.fetched_at, run_id = excluded.run_id`),
    knownBefore: db.prepare(`SELECT 1 FROM url_state WHERE key = ? AND run_id < ? AND sha256 IS NOT NULL`),
    getHost: db.prepare(`SELECT * FROM hosts WHERE host = ?`),
    siteBytes: db.prepare(
      `SELECT site_id, SUM(size) AS n FROM documents WHERE run_id = ? AND change IN ('new', 'changed') GROUP BY site_id`,
    ),
    putHost:
      db.prepare(`INSERT INTO hosts (host, backoff_level, blocks, cooldown_until, robots_status, robots_txt, robots_fetched_at)
      VALUES (@host, @backoff_level, @blocks, @cooldown_until, @robots_status, @robots_txt, @robots_fetched_at)
      ON CONFLICT (host) DO UPDATE SET backoff_level = excluded.backoff_level, blocks = excluded.blocks, cooldown_until = excluded.cooldown_until,
        robots_status = excluded.robots_status, robots_txt = excluded.robots_txt, robots_fetched_at = excluded.robots_fetched_at`),
  };

  /** Insert rows not yet in the run; returns how many pending rows were added (recorded-only rows not counted). */
  const enqueueAll = (runId: number, rows: readonly NewFrontierRow[]): number => {
    let added = 0;
    for (const r of rows) {
      const n = s.enqueue.run({
        run_id: runId,
        key: frontierKey(r.method, r.url, r.body),
        url: r.url,
        method: r.method,
        body: r.body ?? null,
        host: r.host,
        site_id: r.site_id,
        kind: r.kind,
        format: r.format ?? null,
        page: r.page ?? 0,
        known_pages: r.known_pages ?? 0,
        title: r.title ?? null,
        referer: r.referer ?? null,
        state: r.state ?? "pending",
        class: r.class ?? null,
        error: r.error ?? null,
      }).changes;
      if (!r.state || r.state === "pending") added += n;
    }
    return added;
  };

  return {
    db,
    openRun: (): number | undefined => (s.openRun.get() as { id: number } | undefined)?.id,
    /** The unfinished run of exactly these sites (one process per site set sharing the database). */
    openRunFor: (sites: readonly string[]): number | undefined =>
      (s.openRunFor.get(JSON.stringify(sites)) as { id: number } | undefined)?.id,
    lastFinishedRun: (): number | undefined => (s.lastFinished.get() as { id: number } | undefined)?.id,
    createRun: (sites: readonly string[], at: string): number =>
      (s.insertRun.get(at, JSON.stringify(sites)) as { id: number }).id,
    finishRun: (id: number, status: string, at: string): void => {
      s.finishRun.run(at, status, id);
    },
    resetInFlight: (runId: number): number => s.resetInFlight.run(runId).changes,
    enqueue: (runId: number, rows: readonly NewFrontierRow[]): number =>
      db.transaction(() => enqueueAll(runId, rows))(),
    pick: (runId: number, host: string, now: number): FrontierRow | undefined =>
      s.pick.get(runId, host, now) as FrontierRow | undefined,
    hostWake: (runId: number, host: string): number | undefined =>
      (s.hostWake.get(runId, host) as { at: number | null }).at ?? undefined,
    pendingHosts: (runId: number): string[] => (s.pendingHosts.all(runId) as { host: string }[]).map((r) => r.host),
    count: (runId: number, state: FrontierState): number => (s.countState.get(runId, state) as { n: number }).n,
    markInFlight: (id: number): void => {
      s.markInFlight.run(id);
    },
    reschedule: (id: number, nextAt: number, status: number | null, cls: string, error: string): void => {
      s.reschedule.run(nextAt, status, cls, error, id);
    },
    skipHost: (runId: number, host: string, cls: string, error: string): number =>
      s.skipHost.run(cls, error, runId, host).changes,
    getUrl: (key: string): UrlState | undefined => s.getUrl.get(key) as UrlState | undefined,
    knownBefore: (key: string, runId: number): boolean => s.knownBefore.get(key, runId) !== undefined,
    getHost: (host: string): HostRow | undefined => s.getHost.get(host) as HostRow | undefined,
    /** Bytes fetched per site in a run so far (resumed runs keep counting where they stopped). */
    siteBytes: (runId: number): Map<string, number> =>
      new Map((s.siteBytes.all(runId) as { site_id: string; n: number }[]).map((r) => [r.site_id, r.n])),
    putHost: (h: HostRow): void => {
      s.putHost.run(h);
    },
    /** Record a finished fetch in one transaction: the document, the URL's validators, the frontier row, its children. */
    complete: db.transaction(
      (t: {
        runId: number;
        frontierId: number;
        state: FrontierState;
        status: number | null;
        cls: string;
        error: string | null;
        doc?: DocumentInsert;
        url?: UrlState;
        children?: readonly NewFrontierRow[];
      }): number => {
        if (t.doc) s.insertDoc.run(t.doc);
        if (t.url) s.putUrl.run(t.url);
        s.finish.run(t.state, t.status, t.cls, t.error, t.frontierId);
        return t.children?.length ? enqueueAll(t.runId, t.children) : 0;
      },
    ),
  };
}

export type Store = ReturnType<typeof createStore>;
