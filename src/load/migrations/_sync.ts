// The metric dictionary and the fact key ids, generated from formats.ts: written by migrations 2 and
// 3 and refreshed whenever formats.ts changes (database.ts).
import { type Database, dialectOf } from "../../db/index.ts";
import { planMetricRelations, planMetrics } from "../metrics.ts";

/**
 * Upserts the dictionary generated from formats.ts; rows whose text is unchanged are not written,
 * so reopening a database changes nothing.
 */
export function syncMetrics(db: Database): void {
  const metrics = planMetrics();
  const relations = planMetricRelations().map((r) => ({ ...r, to_key: r.to_key ?? "" }));
  if (dialectOf(db) === "postgres") {
    // One statement per table: a PostgreSQL round trip costs what a SQLite row does, times ten.
    db.prepare(
      `INSERT INTO metrics SELECT * FROM json_populate_recordset(NULL::metrics, CAST(? AS json)) ${METRIC_UPSERT}`,
    ).run(JSON.stringify(metrics));
    db.prepare(
      `INSERT INTO metric_relations SELECT * FROM json_populate_recordset(NULL::metric_relations, CAST(? AS json)) ${RELATION_UPSERT}`,
    ).run(JSON.stringify(relations));
    return;
  }
  const metric =
    db.prepare(`INSERT INTO metrics (key, section, row, col, label_zh, label_en, templates, unit, kind, derived, comparable, wide, note)
    VALUES (@key, @section, @row, @col, @label_zh, @label_en, @templates, @unit, @kind, @derived, @comparable, @wide, @note) ${METRIC_UPSERT}`);
  const relation = db.prepare(
    `INSERT INTO metric_relations (from_key, to_key, relation, note) VALUES (@from_key, @to_key, @relation, @note) ${RELATION_UPSERT}`,
  );
  for (const m of metrics) metric.run(m);
  for (const r of relations) relation.run(r);
}

// Unchanged rows are not written (the row `IS NOT` is PostgreSQL's IS DISTINCT FROM: src/db/pg/dialect.ts).
const METRIC_UPSERT = `ON CONFLICT (key) DO UPDATE SET section = excluded.section, row = excluded.row, col = excluded.col,
      label_zh = excluded.label_zh, label_en = excluded.label_en, templates = excluded.templates, unit = excluded.unit,
      kind = excluded.kind, derived = excluded.derived, comparable = excluded.comparable, wide = excluded.wide, note = excluded.note
    WHERE (metrics.section, metrics.row, metrics.col, metrics.label_zh, metrics.label_en, metrics.templates, metrics.unit,
      metrics.kind, metrics.derived, metrics.comparable, metrics.wide, coalesce(metrics.note, ''))
      IS NOT (excluded.section, excluded.row, excluded.col, excluded.label_zh, excluded.label_en, excluded.templates, excluded.unit,
      excluded.kind, excluded.derived, excluded.comparable, excluded.wide, coalesce(excluded.note, ''))`;
const RELATION_UPSERT = `ON CONFLICT (from_key, to_key) DO UPDATE SET relation = excluded.relation, note = excluded.note
    WHERE (metric_relations.relation, metric_relations.note) IS NOT (excluded.relation, excluded.note)`;

/** Gives every dictionary key an id in `fact_keys` (in dictionary order; existing ids never change). */
export function syncFactKeys(db: Database): void {
  if (dialectOf(db) === "postgres") {
    db.prepare(`INSERT INTO fact_keys (key) SELECT k FROM json_array_elements_text(CAST(? AS json)) WITH ORDINALITY AS j (k, n)
      ORDER BY n ON CONFLICT (key) DO NOTHING`).run(JSON.stringify(planMetrics().map((m) => m.key)));
    return;
  }
  const key = db.prepare("INSERT INTO fact_keys (key) VALUES (?) ON CONFLICT (key) DO NOTHING");
  for (const m of planMetrics()) key.run(m.key);
}
