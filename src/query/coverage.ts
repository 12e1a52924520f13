// Coverage: which sites have no current report for a year yet (the run summary's "coverage" line).
import type { Database } from "better-sqlite3";

/** Sites with no current report for `year` in the dataset. */
export function planCoverage(db: Database, siteIds: readonly string[], year: number): string[] {
  const have = new Set(
    (
      db
        .prepare(
          `SELECT DISTINCT d.site_id AS s FROM reports r JOIN report_documents rd ON rd.report_id = r.id JOIN documents d ON d.id = rd.document_id
            WHERE r.current = 1 AND r.year = ? AND d.site_id IS NOT NULL`,
        )
        .all(year) as { s: string }[]
    ).map((r) => r.s),
  );
  return siteIds.filter((s) => !have.has(s));
}
