// What the web view and the static site need to show a report's sources: the archived documents, the
// printed text and locator of each cell (to highlight it in the archived page), the narratives for
// the static site's search index, and the regions that have reports (for the region picker).
import type { Database } from "../db/index.ts";
import { isDivisionSql } from "./division-coverage.ts";

export interface ArchivedDocument {
  sha256: string;
  archive_path: string | null;
  path: string | null;
  media_type: string | null;
}

/** The document with these bytes, if the dataset has it. */
export function queryDocumentBySha(db: Database, sha256: string): ArchivedDocument | undefined {
  return db.prepare("SELECT sha256, archive_path, path, media_type FROM documents WHERE sha256 = ?").get(sha256) as
    | ArchivedDocument
    | undefined;
}

/** Every current report with the document it was read from, in id order. */
export function queryCurrentReportDocuments(db: Database): (ArchivedDocument & { id: number })[] {
  return db
    .prepare(`SELECT r.id, d.sha256, d.archive_path, d.path, d.media_type FROM reports r JOIN documents d ON d.id = r.document_id
        WHERE r.current = 1 ORDER BY r.id`)
    .all() as (ArchivedDocument & { id: number })[];
}

/** Key, printed text and locator of every cell of one report version. */
export function queryCellLocators(
  db: Database,
  reportId: number,
): { key: string; raw: string | null; locator: string | null }[] {
  return db.prepare("SELECT key, raw, locator FROM facts WHERE report_id = ?").all(reportId) as {
    key: string;
    raw: string | null;
    locator: string | null;
  }[];
}

/** [report id, agency, year, section, body] of every current narrative, newest year first. */
export function queryNarrativeIndex(db: Database): unknown[][] {
  return db
    .prepare(`SELECT n.report_id, r.agency, r.year, n.section, n.body FROM narratives n JOIN reports r ON r.id = n.report_id
        WHERE r.current = 1 ORDER BY r.year DESC, n.report_id, n.section`)
    .raw()
    .all() as unknown[][];
}

/** Provinces and prefectures that have current reports (the region picker offers nothing empty, and no placeholder level). */
export function queryRegionsWithReports(db: Database): { code: string; name: string; parent: string | null }[] {
  // The distinct 4-digit prefixes first (one pass over reports), then their regions by key.
  return db
    .prepare(`WITH p AS (SELECT DISTINCT substr(region_code, 1, 4) AS c4 FROM reports WHERE current = 1 AND region_code IS NOT NULL)
      SELECT g.code, g.name, g.parent_code AS parent FROM regions g
      WHERE g.code IN (SELECT substr(c4, 1, 2) || '0000' FROM p UNION SELECT c4 || '00' FROM p) AND ${isDivisionSql("g")}
      ORDER BY g.code`)
    .all() as { code: string; name: string; parent: string | null }[];
}
