// Migration 1: the tables. `facts` (long form) is the source of truth; everything wide is a view.
// Times are ISO 8601 UTC text. Four times stay apart: report `year`, `published`, the document's
// `fetched_at`, and `loaded_at` (docs/load.md, "Provenance").
export const SCHEMA_SQL = `
CREATE TABLE regions (
  code        TEXT PRIMARY KEY,          -- GB/T 2260, 6 digits (province 500000, city 320800, county 500155)
  name        TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_code TEXT REFERENCES regions (code),
  province    TEXT NOT NULL,
  city        TEXT,
  county      TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE agencies (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  region_key  TEXT NOT NULL DEFAULT '',  -- region code, else region text, else '': the same name in two places is two agencies
  region_code TEXT REFERENCES regions (code),
  UNIQUE (name, region_key)
) STRICT;

CREATE TABLE documents (
  id              INTEGER PRIMARY KEY,
  sha256          TEXT NOT NULL UNIQUE,  -- of the raw bytes; the same bytes are one document
  url             TEXT,                  -- where the crawler fetched it (null for local files)
  path            TEXT,                  -- local file it was loaded from
  fetched_at      TEXT,
  media_type      TEXT,
  size            INTEGER,
  archive_path    TEXT,                  -- where the raw bytes are kept
  site_id         TEXT,
  first_loaded_at TEXT NOT NULL
) STRICT;

CREATE TABLE load_runs (
  id             INTEGER PRIMARY KEY,
  started_at     TEXT NOT NULL,
  finished_at    TEXT,                   -- null: the run was interrupted
  parser_version TEXT NOT NULL,
  documents      INTEGER NOT NULL DEFAULT 0,
  new            INTEGER NOT NULL DEFAULT 0,
  changed        INTEGER NOT NULL DEFAULT 0,
  unchanged      INTEGER NOT NULL DEFAULT 0,
  failed         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE reports (
  id             INTEGER PRIMARY KEY,
  report_key     TEXT NOT NULL,          -- identity across versions: year|agency|region, else the document's location
  version        INTEGER NOT NULL,       -- 1, 2, … per report_key
  current        INTEGER NOT NULL CHECK (current IN (0, 1)),
  reason         TEXT NOT NULL CHECK (reason IN ('new', 'changed', 'reparsed')),
  document_id    INTEGER NOT NULL REFERENCES documents (id),
  agency_id      INTEGER REFERENCES agencies (id),
  agency         TEXT,
  region_text    TEXT,
  region_code    TEXT REFERENCES regions (code),
  year           INTEGER,
  template       TEXT NOT NULL CHECK (template IN ('2021', '2019', 'pre2019', 'unknown')),
  title          TEXT,
  published      TEXT,
  shape          TEXT,
  parser_version TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('ok', 'flagged', 'failed')),
  load_run_id    INTEGER REFERENCES load_runs (id),
  loaded_at      TEXT NOT NULL,
  UNIQUE (report_key, document_id, parser_version),
  UNIQUE (report_key, version)
) STRICT;
CREATE UNIQUE INDEX reports_one_current ON reports (report_key) WHERE current = 1;
CREATE INDEX reports_year_region ON reports (year, region_code);
CREATE INDEX reports_agency_year ON reports (agency_id, year);
CREATE INDEX reports_document ON reports (document_id);

CREATE TABLE facts (
  report_id  INTEGER NOT NULL REFERENCES reports (id),
  key        TEXT NOT NULL,              -- docs/spec/SCHEMA.md key, <section>.<row>.<col>
  value      REAL,                       -- null: printed blank, '/', '—' …; never 0
  raw        TEXT,                       -- the printed text of the cell
  confidence REAL,
  method     TEXT,
  locator    TEXT,
  unit       TEXT,
  flagged    INTEGER NOT NULL DEFAULT 0, -- 1 when the parser flagged this key
  section    TEXT GENERATED ALWAYS AS (substr(key, 1, instr(key, '.') - 1)) VIRTUAL,
  row        TEXT GENERATED ALWAYS AS (substr(substr(key, instr(key, '.') + 1), 1, instr(substr(key, instr(key, '.') + 1), '.') - 1)) VIRTUAL,
  col        TEXT GENERATED ALWAYS AS (substr(substr(key, instr(key, '.') + 1), instr(substr(key, instr(key, '.') + 1), '.') + 1)) VIRTUAL,
  PRIMARY KEY (report_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE checks (
  report_id INTEGER NOT NULL REFERENCES reports (id),
  seq       INTEGER NOT NULL,
  check_id  TEXT NOT NULL,               -- docs/spec/FORMATS.md §7 id, e.g. requests.balance.total
  ok        INTEGER NOT NULL,
  hard      INTEGER NOT NULL,
  expected  REAL,
  actual    REAL,
  keys      TEXT NOT NULL,               -- JSON array
  blank     TEXT NOT NULL,               -- JSON array of keys counted as 0
  PRIMARY KEY (report_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE flags (
  report_id INTEGER NOT NULL REFERENCES reports (id),
  seq       INTEGER NOT NULL,
  key       TEXT,
  code      TEXT NOT NULL,
  message   TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
) STRICT, WITHOUT ROWID;

-- Cells that differ between a report version and the one before it: a silently edited report is news.
CREATE TABLE changes (
  report_id          INTEGER NOT NULL REFERENCES reports (id),  -- the newer version
  previous_report_id INTEGER NOT NULL REFERENCES reports (id),
  key                TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('changed', 'added', 'removed')),
  old_value          REAL,
  new_value          REAL,
  old_raw            TEXT,
  new_raw            TEXT,
  PRIMARY KEY (report_id, key)
) STRICT, WITHOUT ROWID;

-- Documents that did not parse; one row per document and parser version.
CREATE TABLE load_errors (
  id             INTEGER PRIMARY KEY,
  document_id    INTEGER NOT NULL REFERENCES documents (id),
  parser_version TEXT NOT NULL,
  code           TEXT NOT NULL,
  message        TEXT NOT NULL,
  load_run_id    INTEGER REFERENCES load_runs (id),
  loaded_at      TEXT NOT NULL,
  UNIQUE (document_id, parser_version)
) STRICT;

CREATE TABLE metrics (
  key        TEXT PRIMARY KEY,
  section    TEXT NOT NULL,
  row        TEXT NOT NULL,
  col        TEXT NOT NULL,
  label_zh   TEXT NOT NULL,
  label_en   TEXT NOT NULL,
  templates  TEXT NOT NULL,              -- comma-separated: 2019,2021
  unit       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  derived    INTEGER NOT NULL,
  comparable INTEGER NOT NULL,
  wide       INTEGER NOT NULL,
  note       TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE metric_relations (
  from_key TEXT NOT NULL,
  to_key   TEXT NOT NULL DEFAULT '',     -- '' when the quantity was dropped
  relation TEXT NOT NULL CHECK (relation IN ('same', 'split', 'redefined', 'dropped')),
  note     TEXT NOT NULL,
  PRIMARY KEY (from_key, to_key)
) STRICT, WITHOUT ROWID;

-- Narrative sections (一 overview, 五 problems, 六 other) and the title, searchable in Chinese.
-- trigram finds terms of 3+ characters; shorter queries fall back to LIKE (see search.ts).
CREATE VIRTUAL TABLE narratives USING fts5 (report_id UNINDEXED, section UNINDEXED, body, tokenize = 'trigram');

CREATE TABLE schema_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;
