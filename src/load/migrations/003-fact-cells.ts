// Migration 3: fact cells keyed by an integer key id. The TEXT primary key of `facts` (keys such as
// `requests.withheld_prohibited_by_law.natural_person`) and its three VIRTUAL generated columns,
// computed on every INSERT, were most of the loader's time; a cell now stores a small integer and
// the key's text and parts live once in `fact_keys`. `facts` becomes a view with the same columns
// as the table had, so readers and users' SQL are unchanged.

export const FACT_KEYS_SQL = `
CREATE TABLE fact_keys (
  id      INTEGER PRIMARY KEY,
  key     TEXT NOT NULL UNIQUE,          -- docs/spec/SCHEMA.md key, <section>.<row>.<col>
  section TEXT GENERATED ALWAYS AS (substr(key, 1, instr(key, '.') - 1)) STORED,
  row     TEXT GENERATED ALWAYS AS (substr(substr(key, instr(key, '.') + 1), 1, instr(substr(key, instr(key, '.') + 1), '.') - 1)) STORED,
  col     TEXT GENERATED ALWAYS AS (substr(substr(key, instr(key, '.') + 1), instr(substr(key, instr(key, '.') + 1), '.') + 1)) STORED
) STRICT;
`;

export const FACT_CELLS_SQL = `
CREATE TABLE fact_cells (
  report_id  INTEGER NOT NULL REFERENCES reports (id),
  key_id     INTEGER NOT NULL,           -- fact_keys.id (no foreign key: ids come from fact_keys itself, and the check cost ~5% of a load)
  value      REAL,                       -- null: printed blank, '/', '—' …; never 0
  raw        TEXT,                       -- the printed text of the cell
  confidence REAL,
  method     TEXT,
  locator    TEXT,
  unit       TEXT,
  flagged    INTEGER NOT NULL DEFAULT 0, -- 1 when the parser flagged this key
  PRIMARY KEY (report_id, key_id)
) STRICT, WITHOUT ROWID;
`;

export const FACTS_VIEW_SQL = `
CREATE VIEW facts AS
SELECT c.report_id, k.key, c.value, c.raw, c.confidence, c.method, c.locator, c.unit, c.flagged, k.section, k.row, k.col
FROM fact_cells c JOIN fact_keys k ON k.id = c.key_id;
`;

/** After `fact_keys` holds the dictionary's keys: moves the old `facts` rows into `fact_cells`, then the table becomes the view. */
export const MOVE_FACTS_SQL = `
INSERT INTO fact_keys (key) SELECT DISTINCT key FROM facts WHERE key NOT IN (SELECT key FROM fact_keys) ORDER BY key;
${FACT_CELLS_SQL}
INSERT INTO fact_cells (report_id, key_id, value, raw, confidence, method, locator, unit, flagged)
  SELECT f.report_id, k.id, f.value, f.raw, f.confidence, f.method, f.locator, f.unit, f.flagged
  FROM facts f JOIN fact_keys k ON k.key = f.key ORDER BY f.report_id, k.id;
DROP TABLE facts;
${FACTS_VIEW_SQL}
`;
