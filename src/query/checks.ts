// The failing-checks query: which hard identities fail, and how often, among some reports.
import { type Database, jsonListSql } from "../db/index.ts";

/**
 * Hard checks that fail among `reportIds`, by check id, with the number of reports each fails in.
 * The ids go in as one JSON array (json_each), not one SQL variable each: a first backfill loads
 * more reports than SQLite's 32,766 variables.
 */
export function queryFailingChecks(db: Database, reportIds: readonly number[]): Record<string, number> {
  if (!reportIds.length) return {};
  const rows = db
    .prepare(
      `SELECT check_id, COUNT(*) AS n FROM checks WHERE hard = 1 AND ok = 0
      AND report_id IN (${jsonListSql(db, "?", "integer")}) GROUP BY check_id`,
    )
    .all(JSON.stringify(reportIds)) as { check_id: string; n: number }[];
  return Object.fromEntries(rows.map((f) => [f.check_id, f.n]));
}
