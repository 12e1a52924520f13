// The documents a crawl fetched, read back from the crawl database: each with its source record (the
// bytes' sha256, media type, charset, address, fetch time, archive path), decided once at fetch time
// and carried unchanged to the dataset by `gongkai run` (src/ingest/crawled.ts).
import type { SourceDocument } from "../source.ts";
import type { Db } from "./_store.ts";
import type { Change } from "./summary.ts";

/** One fetched document, as `gongkai run` needs it. */
export interface DocumentRow {
  id: number;
  runId: number;
  siteId: string;
  kind: "list" | "report" | "attachment";
  url: string;
  finalUrl: string | null;
  status: number | null;
  headers: Record<string, string>;
  fetchedAt: string;
  sha256: string | null;
  size: number | null;
  /** `<raw>/<ab>/<cd>/<sha256>` */
  archivePath: string | null;
  /** Sniffed from the bytes, not taken from Content-Type. */
  mediaType: string | null;
  charset: string | null;
  /** list | report | report_page | not_report | soft_404 | attachment | blocked:* | http_NNN | network | timeout | too_large | … */
  class: string;
  /** The link title it was found under. */
  title: string | null;
  /** The page it was linked from (null for list pages and start URLs). */
  referer: string | null;
  change: Change | null;
  errorCode: string | null;
}

interface RawDoc {
  id: number;
  run_id: number;
  site_id: string;
  kind: DocumentRow["kind"];
  url: string;
  final_url: string | null;
  status: number | null;
  headers: string | null;
  fetched_at: string;
  sha256: string | null;
  size: number | null;
  archive_path: string | null;
  media_type: string | null;
  charset: string | null;
  class: string;
  title: string | null;
  referer?: string | null;
  change: Change | null;
  error_code: string | null;
}

/**
 * Documents fetched by one run (`runId`, default the latest) or by every run after `sinceRunId`.
 * `classes` narrows the result, e.g. `["report", "attachment"]` for what the parser should see; `siteId` to one site.
 */
export function listDocuments(
  db: Db,
  q: { runId?: number; sinceRunId?: number; classes?: readonly string[]; siteId?: string } = {},
): DocumentRow[] {
  const where: string[] = [];
  const args: (number | string)[] = [];
  if (q.siteId !== undefined) {
    where.push("d.site_id = ?");
    args.push(q.siteId);
  }
  if (q.sinceRunId !== undefined) {
    where.push("d.run_id > ?");
    args.push(q.sinceRunId);
  } else {
    const id = q.runId ?? (db.prepare(`SELECT MAX(id) AS id FROM runs`).get() as { id: number | null }).id ?? 0;
    where.push("d.run_id = ?");
    args.push(id);
  }
  if (q.classes?.length) {
    where.push(`d.class IN (${q.classes.map(() => "?").join(",")})`);
    args.push(...q.classes);
  }
  // The page a document was linked from comes from its frontier row (images of one report page go together).
  const rows = db
    .prepare(`SELECT d.*, f.referer FROM documents d LEFT JOIN frontier f ON f.id = d.frontier_id
      WHERE ${where.join(" AND ")} ORDER BY d.id`)
    .all(...args) as RawDoc[];
  return rows.map((r) => rowOf(r));
}

function rowOf(r: RawDoc): DocumentRow {
  return {
    id: r.id,
    runId: r.run_id,
    siteId: r.site_id,
    kind: r.kind,
    url: r.url,
    finalUrl: r.final_url,
    status: r.status,
    headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : {},
    fetchedAt: r.fetched_at,
    sha256: r.sha256,
    size: r.size,
    archivePath: r.archive_path,
    mediaType: r.media_type,
    charset: r.charset,
    class: r.class,
    title: r.title,
    referer: r.referer ?? null,
    change: r.change,
    errorCode: r.error_code,
  };
}

/** The source record of a fetched document whose bytes were archived; null when nothing was kept. */
export function sourceOf(row: DocumentRow): SourceDocument | null {
  if (!row.sha256 || !row.archivePath) return null;
  return {
    sha256: row.sha256,
    url: row.url,
    fetchedAt: row.fetchedAt,
    mediaType: row.mediaType,
    charset: row.charset,
    size: row.size,
    archivePath: row.archivePath,
    siteId: row.siteId,
    ...(row.class === "report" ? { recognized: true } : {}),
  };
}
