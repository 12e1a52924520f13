// Current reports, one row each, from the `report_wide` view (one column per wide metric, named by
// renderColumnName: requests.new.total → requests_new_total), with the shape the parser read and the
// number of hard checks the report fails.
import type { Database } from "../db/index.ts";

export type ReportWideRow = Record<string, string | number | null> & {
  report_id: number;
  agency: string | null;
  region_text: string | null;
  region_code: string | null;
  year: number | null;
  template: string;
  status: string;
  shape: string | null;
  failing: number;
};

/** Every current report, ordered by agency and year. */
export function queryReportWide(db: Database): ReportWideRow[] {
  return db
    .prepare(`SELECT w.*, c.shape,
      (SELECT COUNT(*) FROM checks k WHERE k.report_id = w.report_id AND k.hard = 1 AND k.ok = 0) AS failing
      FROM report_wide w JOIN current_reports c ON c.report_id = w.report_id ORDER BY w.agency, w.year`)
    .all() as ReportWideRow[];
}
