// The failing-checks query: which hard identities fail, and how often, among some reports.
import type { Database } from "better-sqlite3";

/** Hard checks that fail among `reportIds`, by check id, with the number of reports each fails in. */
export function queryFailingChecks(db: Database, reportIds: readonly number[]): Record<string, number> {
  if (!reportIds.length) return {};
  const rows = db
    .prepare(
      `SELECT check_id, COUNT(*) AS n FROM checks WHERE hard = 1 AND ok = 0 AND report_id IN (${reportIds.map(() => "?").join(",")}) GROUP BY check_id`,
    )
    .all(...reportIds) as { check_id: string; n: number }[];
  return Object.fromEntries(rows.map((f) => [f.check_id, f.n]));
}
