// Any table or view of the dataset as a DataTable (Chinese headers, kinds), with the stable agency
// and report identifiers added where the view has what they are derived from.
import type { Database } from "../db/index.ts";
import { LoadError } from "../load/errors.ts";
import { listExportable } from "./export.ts";
import { renderAgencyUid, renderReportUid } from "./agency.ts";
import { describeColumn } from "./columns.ts";
import type { Cell, DataTable } from "./table.ts";

export function planViewTable(db: Database, view: string): DataTable {
  const names = listExportable(db);
  if (!names.includes(view))
    throw new LoadError("BAD_OPTION", view, `no such table or view; choose one of: ${names.join(", ")}`);
  const stmt = db.prepare(`SELECT * FROM "${view}"`).raw();
  const cols = stmt.columns().map((c) => c.name);
  const at = (n: string) => cols.indexOf(n);
  const [iCode, iAgency, iYear, iVersion] = [at("region_code"), at("agency"), at("year"), at("version")];
  const withUid = iCode >= 0 && iAgency >= 0;
  const withReport = withUid && iYear >= 0 && iVersion >= 0;
  const columns = [
    ...(withUid ? [describeColumn("agency_uid")] : []),
    ...(withReport ? [describeColumn("report_uid")] : []),
    ...cols.map(describeColumn),
  ];
  const rows = (stmt.all() as Cell[][]).map((r) => {
    if (!withUid) return r;
    const uid = renderAgencyUid(r[iCode] as string | null, r[iAgency] as string | null);
    return withReport
      ? [uid, renderReportUid(uid, r[iYear] as number | null, r[iVersion] as number), ...r]
      : [uid, ...r];
  });
  return { name: view, title: view, columns, rows };
}
