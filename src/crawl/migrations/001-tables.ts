// Crawl database version 1: runs, the frontier, the fetch log (documents), per-URL validators and
// per-host politeness state. IF NOT EXISTS: a crawl database made before versions were recorded
// (user_version 0) already has these tables and is only stamped.
export const TABLES_SQL = `
CREATE TABLE IF NOT EXISTS runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL,            -- running | finished | stalled | aborted
  sites       TEXT NOT NULL             -- JSON array of site ids
);
-- One row per URL per run: the frontier and the run's seen-set (kept on disk, not in memory).
CREATE TABLE IF NOT EXISTS frontier (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL,
  key         TEXT NOT NULL,            -- url, or "POST url body" for form requests
  url         TEXT NOT NULL,
  method      TEXT NOT NULL DEFAULT 'GET',
  body        TEXT,
  host        TEXT NOT NULL,
  site_id     TEXT NOT NULL,
  kind        TEXT NOT NULL,            -- list | report | attachment
  format      TEXT,                     -- list pages: html | hanweb | json
  page        INTEGER NOT NULL DEFAULT 0,
  known_pages INTEGER NOT NULL DEFAULT 0, -- consecutive all-known list pages before this one
  title       TEXT,
  referer     TEXT,
  state       TEXT NOT NULL,            -- pending | in_flight | done | failed | blocked | skipped
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  class       TEXT,
  error       TEXT,
  UNIQUE (run_id, key)
);
CREATE INDEX IF NOT EXISTS frontier_pick ON frontier (run_id, host, state, next_at);
CREATE INDEX IF NOT EXISTS frontier_state ON frontier (run_id, state);
-- source_document: one row per completed fetch (including 304s, errors and blocks).
CREATE TABLE IF NOT EXISTS documents (
  id           INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL,
  frontier_id  INTEGER,
  site_id      TEXT NOT NULL,
  kind         TEXT NOT NULL,
  url          TEXT NOT NULL,
  final_url    TEXT,
  method       TEXT NOT NULL,
  status       INTEGER,
  headers      TEXT,                    -- JSON object, lower-case names
  fetched_at   TEXT NOT NULL,
  sha256       TEXT,
  size         INTEGER,
  archive_path TEXT,
  media_type   TEXT,
  charset      TEXT,
  class        TEXT NOT NULL,
  title        TEXT,
  change       TEXT,                    -- new | changed | unchanged (documents with bytes only)
  error_code   TEXT,
  error        TEXT,
  duration_ms  INTEGER
);
CREATE INDEX IF NOT EXISTS documents_run ON documents (run_id, class);
-- Validators and last outcome per URL across runs: conditional requests and change detection.
CREATE TABLE IF NOT EXISTS url_state (
  key           TEXT PRIMARY KEY,
  url           TEXT NOT NULL,
  etag          TEXT,
  last_modified TEXT,
  sha256        TEXT,
  size          INTEGER,
  archive_path  TEXT,
  media_type    TEXT,
  charset       TEXT,
  status        INTEGER,
  class         TEXT,
  fetched_at    TEXT,
  run_id        INTEGER
);
-- Per-host politeness state, persisted so tonight remembers yesterday's 429s and blocks.
CREATE TABLE IF NOT EXISTS hosts (
  host              TEXT PRIMARY KEY,
  backoff_level     INTEGER NOT NULL DEFAULT 0,
  blocks            INTEGER NOT NULL DEFAULT 0,
  cooldown_until    INTEGER NOT NULL DEFAULT 0,
  robots_status     INTEGER,
  robots_txt        TEXT,
  robots_fetched_at INTEGER
);
`;
