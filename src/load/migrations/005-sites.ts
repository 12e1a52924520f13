// Dataset version 5: the site registry as the last `gongkai run` was given it (src/load/sites.ts writes it), so that
// the `division_coverage` view can say for every division whether its column is known and crawled without the
// registry files beside the dataset.
export const SITES_SQL = `
CREATE TABLE sites (
  id          TEXT PRIMARY KEY,          -- the registry's id, as in documents.site_id
  seq         INTEGER NOT NULL,          -- position in the registry: a division's first entry is its government's own
  name        TEXT NOT NULL,
  division    TEXT,                      -- GB/T 2260 code as the registry gives it (no FK: the registry may be newer)
  verified    TEXT NOT NULL,             -- observed | unverified | fixture
  enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  platform    TEXT,
  start       TEXT,                      -- the column's first list page (the first, when there are several)
  recorded_at TEXT NOT NULL              -- when a run recorded this registry
) STRICT;
CREATE INDEX sites_division ON sites (division, seq);
`;
