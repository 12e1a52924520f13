// Documents in the dataset: one row per distinct bytes (sha256), provenance filled in as it becomes
// known; documents that did not parse; and whether a document was already read by a parser version.
import type { Database } from "../db/index.ts";
import { type ParseResult, ParseResultSchema } from "../parse/index.ts";
import type { SourceDocument } from "../source.ts";
import { contextOf, type LoadContext } from "./_statements.ts";
import { LoadError } from "./errors.ts";
import type { LoadOptions } from "./load-parsed.ts";

/** What the SQL sees of a document; named parameters of the document statements. */
function documentParams(doc: SourceDocument, now: string) {
  return {
    sha256: doc.sha256,
    url: doc.url ?? null,
    path: doc.path ?? null,
    fetched_at: doc.fetchedAt ?? null,
    media_type: doc.mediaType ?? null,
    size: doc.size ?? null,
    archive_path: doc.archivePath ?? null,
    site_id: doc.siteId ?? null,
    now,
  };
}

/** Inserts the document if its bytes are new, else fills provenance it lacked; returns its id. */
export function upsertDocument(
  db: Database,
  doc: SourceDocument,
  now: string,
  ctx: LoadContext = contextOf(db),
): number {
  const params = documentParams(doc, now);
  const id = ctx.s.documentId.get(doc.sha256) as number | undefined;
  if (id === undefined) return Number(ctx.s.insertDocument.run(params).lastInsertRowid);
  ctx.s.fillDocument.run({ ...params, id });
  return id;
}

/** Throws INVALID_RESULT when the zod schema rejects the result. */
export function validateResult(doc: SourceDocument, result: ParseResult): void {
  const v = ParseResultSchema.safeParse(result);
  if (!v.success)
    throw new LoadError(
      "INVALID_RESULT",
      doc.url ?? doc.path ?? doc.sha256,
      v.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; "),
    );
}

export interface FailureInput {
  code: string;
  message: string;
  parserVersion: string;
}

/** Records a document that did not parse; the batch goes on. Returns false when already recorded. */
export function loadFailure(
  db: Database,
  doc: SourceDocument,
  failure: FailureInput,
  opts: Pick<LoadOptions, "now" | "runId"> = {},
): boolean {
  const { now = () => new Date(), runId = null } = opts;
  const ctx = contextOf(db);
  return db
    .transaction(() => {
      const at = now().toISOString();
      const documentId = upsertDocument(db, doc, at, ctx);
      const seen = ctx.s.errorSeen.get(documentId, failure.parserVersion);
      if (seen) return false;
      const run = typeof runId === "function" ? runId() : runId;
      ctx.s.insertError.run(documentId, failure.parserVersion, failure.code, failure.message, run, at);
      return true;
    })
    .immediate();
}

/**
 * Has this document (by its bytes' sha256) been loaded, or recorded as failing, by this parser version?
 * Loaded: a document of a report version (primary or another rendition; the same rule as writeParsed's
 * `unchanged`).
 */
export function isLoaded(db: Database, sha256: string, parserVersion: string): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM documents d WHERE d.sha256 = @sha256 AND (
      EXISTS (SELECT 1 FROM report_documents rd JOIN reports r ON r.id = rd.report_id
        WHERE rd.document_id = d.id AND rd.parser_version = @parser_version AND (r.current = 1 OR r.parser_version = rd.parser_version))
      OR EXISTS (SELECT 1 FROM load_errors e WHERE e.document_id = d.id AND e.parser_version = @parser_version))`)
      .get({ sha256, parser_version: parserVersion }) !== undefined
  );
}
