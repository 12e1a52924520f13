// Migration 4: one report, several documents (docs/load.md, "Renditions"). `report_documents` links a
// report version to every document that reads the same numbers (a page and its text, its PDF
// attachment, an OCR of a scan, a copy on another host), one of them primary: the one its facts were
// read from (`reports.document_id`). Existing versions get their own document as primary.
import type { Database } from "../../db/index.ts";
import { planRenditionOf } from "../renditions.ts";

export const REPORT_DOCUMENTS_SQL = `
CREATE TABLE report_documents (
  report_id      INTEGER NOT NULL REFERENCES reports (id),
  document_id    INTEGER NOT NULL REFERENCES documents (id),
  rendition      TEXT NOT NULL,          -- html, text, pdf-text, docx, xlsx, libreoffice, ocr, other
  is_primary     INTEGER NOT NULL CHECK (is_primary IN (0, 1)),  -- 1: the version's facts were read from it (= reports.document_id)
  unread         INTEGER NOT NULL,       -- cells this document's reading left null: flagged, or printed with digits
  flags          INTEGER NOT NULL,       -- the parser's flags on this document
  rehosted       INTEGER NOT NULL DEFAULT 0,  -- 1: from a site whose registry division is not the report's (a portal's copy)
  status         TEXT NOT NULL,          -- ok, flagged or failed: this document's reading
  parser_version TEXT NOT NULL,          -- that read this document
  load_run_id    INTEGER REFERENCES load_runs (id),
  loaded_at      TEXT NOT NULL,
  PRIMARY KEY (report_id, document_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_documents_document ON report_documents (document_id);
CREATE UNIQUE INDEX report_documents_one_primary ON report_documents (report_id) WHERE is_primary = 1;
ALTER TABLE load_runs ADD COLUMN renditions INTEGER NOT NULL DEFAULT 0;
`;

/** Creates the table and gives every existing version its own document as primary. */
export function addReportDocuments(db: Database): void {
  db.exec(REPORT_DOCUMENTS_SQL);
  const insert = db.prepare(`INSERT INTO report_documents
    (report_id, document_id, rendition, is_primary, unread, flags, status, parser_version, load_run_id, loaded_at)
    VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`);
  const rows = db
    .prepare(`SELECT r.id, r.document_id, d.media_type, r.shape, r.status, r.parser_version, r.load_run_id, r.loaded_at,
        (SELECT count(*) FROM fact_cells c WHERE c.report_id = r.id AND c.value IS NULL
          AND (c.flagged = 1 OR c.raw GLOB '*[0-9０-９]*')) AS unread,
        (SELECT count(*) FROM flags f WHERE f.report_id = r.id) AS flags
      FROM reports r JOIN documents d ON d.id = r.document_id ORDER BY r.id`)
    .all() as {
    id: number;
    document_id: number;
    media_type: string | null;
    shape: string | null;
    status: string;
    parser_version: string;
    load_run_id: number | null;
    loaded_at: string;
    unread: number;
    flags: number;
  }[];
  for (const r of rows)
    insert.run(
      r.id,
      r.document_id,
      planRenditionOf(r.media_type, r.shape),
      r.unread,
      r.flags,
      r.status,
      r.parser_version,
      r.load_run_id,
      r.loaded_at,
    );
}
