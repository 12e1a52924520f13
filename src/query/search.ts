// Full-text search of report narratives in Chinese. The trigram index answers terms of 3+
// characters; 1–2 character terms (公开, 复议) cannot use it and fall back to a LIKE scan of the
// same table, which gives the same rows, only slower (docs/load.md, "Full-text search"). A PostgreSQL
// dataset has a pg_trgm index on the same column instead.
import { type Database, dialectOf } from "../db/index.ts";

export interface SearchHit {
  report_id: number;
  section: string;
  agency: string | null;
  year: number | null;
  /** About 30 characters either side of the first occurrence. */
  snippet: string;
}

export interface SearchOptions {
  /** Only current report versions. @default true */
  currentOnly?: boolean;
  /** @default 50 */
  limit?: number;
}

const TRIGRAM_MIN = 3;

/** Finds reports whose title or narrative contains `term` (a literal substring, not FTS syntax). */
export function searchNarratives(db: Database, term: string, opts: SearchOptions = {}): SearchHit[] {
  const { currentOnly = true, limit = 50 } = opts;
  const q = term.trim();
  if (!q) return [];
  // PostgreSQL's pg_trgm index answers LIKE itself (for 3+ characters), so there it is always LIKE.
  const useIndex = [...q].length >= TRIGRAM_MIN && dialectOf(db) === "sqlite";
  // A double-quoted FTS5 string is a phrase: trigram matches it as a substring.
  const where = useIndex ? "narratives MATCH ?" : "n.body LIKE ? ESCAPE '\\'";
  const arg = useIndex ? `"${q.replace(/"/g, '""')}"` : `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db
    .prepare(`SELECT n.report_id AS report_id, n.section AS section, r.agency AS agency, r.year AS year, n.body AS body
    FROM narratives n JOIN reports r ON r.id = n.report_id
    WHERE ${where} ${currentOnly ? "AND r.current = 1" : ""}
    ORDER BY r.year DESC, n.report_id, n.section LIMIT ?`)
    .all(arg, limit) as (Omit<SearchHit, "snippet"> & { body: string })[];
  return rows.map(({ body, ...hit }) => {
    const at = body.indexOf(q);
    const from = Math.max(0, at - 30);
    return {
      ...hit,
      snippet:
        (from > 0 ? "…" : "") + body.slice(from, at + q.length + 30) + (at + q.length + 30 < body.length ? "…" : ""),
    };
  });
}
