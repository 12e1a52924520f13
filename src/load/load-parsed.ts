// Writing one parse result into the dataset. Idempotent: the same document parsed by the same parser
// version is a no-op; a different document for the same report becomes a new version (the old one
// is kept and the changed cells recorded); a new parser version on the same document is `reparsed`.
import type { SourceDocument } from "../source.ts";
import type { Database } from "better-sqlite3";
import { type ParseResult, ParseResultSchema } from "../parse/index.ts";
import { contextOf, insertRows, keyIdOf, type LoadContext, resolveRegion } from "./_statements.ts";
import { LoadError } from "./errors.ts";

/** Where a document came from. The crawler passes all of it; a local load passes path and sha256. */
export type { SourceDocument };

export type LoadStatus = "new" | "changed" | "reparsed" | "unchanged";

export interface CellChange {
  key: string;
  kind: "changed" | "added" | "removed";
  oldValue: number | null;
  newValue: number | null;
  oldRaw: string | null;
  newRaw: string | null;
}

export interface LoadOutcome {
  status: LoadStatus;
  reportId: number;
  reportKey: string;
  version: number;
  previousReportId: number | null;
  /** Cells that differ from the previous version (empty for `new` and `unchanged`). */
  changes: CellChange[];
}

export interface LoadOptions {
  /** The clock, for `loaded_at`. @default () => new Date() */
  now?: () => Date;
  /**
   * The `load_runs` row this load belongs to, or a function that creates it on the first write
   * (so that a rerun that changes nothing leaves no trace). @default null
   */
  runId?: number | null | (() => number);
  /** Validate the result with the zod schema first (turn off only for results built in-process). @default true */
  validate?: boolean;
}

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

/** Pure: how the current facts differ from the previous version's. */
export function diffFacts(
  prev: ReadonlyMap<string, { value: number | null; raw: string | null }>,
  next: ParseResult,
): CellChange[] {
  const out: CellChange[] = [];
  for (const [key, value] of Object.entries(next.facts)) {
    const newRaw = next.cells[key]?.raw ?? null;
    const old = prev.get(key);
    if (!old) out.push({ key, kind: "added", oldValue: null, newValue: value, oldRaw: null, newRaw });
    else if (old.value !== value || old.raw !== newRaw)
      out.push({ key, kind: "changed", oldValue: old.value, newValue: value, oldRaw: old.raw, newRaw });
  }
  for (const [key, old] of prev) {
    if (!(key in next.facts))
      out.push({ key, kind: "removed", oldValue: old.value, newValue: null, oldRaw: old.raw, newRaw: null });
  }
  return out;
}

const NARRATIVE_SECTIONS = ["overview", "problems", "other"] as const;

/** Facts, checks and flags of a new report version; narrative rows go to `narratives` (see writeParsed). */
function insertContent(ctx: LoadContext, reportId: number, r: ParseResult, narratives: unknown[]): void {
  const flagged = r.flags.length ? new Set(r.flags.map((f) => f.key)) : null;
  // In key id order: rows appended in primary-key order fill B-tree pages whole (SQLite's
  // append fast path) instead of splitting them half-empty.
  // Sorted as numbers id · 2^20 + position (a native sort, no comparator).
  const keys = Object.keys(r.facts);
  const order = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[i] = keyIdOf(ctx, keys[i]!) * 0x100000 + i;
  order.sort();
  const facts: unknown[] = [];
  for (const o of order) {
    const i = o % 0x100000;
    const key = keys[i]!;
    const cell = r.cells[key];
    facts.push(
      reportId,
      (o - i) / 0x100000,
      r.facts[key] ?? null,
      cell?.raw ?? null,
      cell?.confidence ?? null,
      cell?.method ?? null,
      cell?.locator ?? null,
      cell?.unit ?? null,
      flagged?.has(key) ? 1 : 0,
    );
  }
  insertRows(ctx, "fact_cells", facts);
  const checks: unknown[] = [];
  r.checks.forEach((c, i) =>
    checks.push(
      reportId,
      i,
      c.id,
      c.ok ? 1 : 0,
      c.hard ? 1 : 0,
      c.expected,
      c.actual,
      JSON.stringify(c.keys),
      JSON.stringify(c.blank),
    ),
  );
  insertRows(ctx, "checks", checks);
  const flags: unknown[] = [];
  r.flags.forEach((f, i) => flags.push(reportId, i, f.key, f.code, f.message));
  insertRows(ctx, "flags", flags);
  if (r.report.title) narratives.push(reportId, "title", r.report.title);
  for (const s of NARRATIVE_SECTIONS) {
    const body = r.narrative[s];
    if (body) narratives.push(reportId, s, body);
  }
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

/**
 * Writes one result inside the caller's transaction. Internal to the load stage (not in the
 * barrel). The narrative rows are appended to `narratives` for the caller to insert: FTS5
 * flushes its pending index to disk at every savepoint, so a batch inserts the narratives of all
 * its reports after their savepoints, once (half the cost of the trigram index).
 */
export function writeParsed(
  ctx: LoadContext,
  doc: SourceDocument,
  result: ParseResult,
  opts: LoadOptions,
  narratives: unknown[],
): LoadOutcome {
  const { now = () => new Date(), runId = null } = opts;
  const { s } = ctx;
  const loadedAt = now().toISOString();
  const documentId = upsertDocument(ctx.db, doc, loadedAt, ctx);
  const agency = doc.agency ?? result.report.agency;
  const regionText = doc.region ?? result.report.region;
  const given = doc.regionCode && ctx.regions.byCode.has(doc.regionCode) ? doc.regionCode : null;
  const regionCode = given ?? resolveRegion(ctx, regionText).code;
  const regionKey = regionCode ?? regionText ?? "";
  const year = result.report.year;
  const reportKey =
    agency && year !== null ? `${year}|${agency}|${regionKey}` : `doc:${doc.url ?? doc.path ?? doc.sha256}`;

  const same = s.sameExtraction.get(reportKey, documentId, result.parser_version) as
    | { id: number; version: number }
    | undefined;
  if (same)
    return {
      status: "unchanged",
      reportId: same.id,
      reportKey,
      version: same.version,
      previousReportId: null,
      changes: [],
    };

  const run = typeof runId === "function" ? runId() : runId;
  let agencyId: number | null = null;
  if (agency) {
    agencyId =
      (s.agencyId.get(agency, regionKey) as number | undefined) ??
      Number(s.insertAgency.run(agency, regionKey, regionCode).lastInsertRowid);
  }
  const prev = s.currentReport.get(reportKey) as { id: number; version: number; document_id: number } | undefined;
  if (prev) s.retire.run(prev.id);
  const reason = !prev ? "new" : prev.document_id === documentId ? "reparsed" : "changed";
  const version = prev ? prev.version + 1 : 1;
  const reportId = Number(
    s.insertReport.run({
      report_key: reportKey,
      version,
      reason,
      document_id: documentId,
      agency_id: agencyId,
      agency,
      region_text: regionText,
      region_code: regionCode,
      year,
      template: result.report.template,
      title: result.report.title,
      published: result.report.published,
      shape: result.source.shape,
      parser_version: result.parser_version,
      status: result.status,
      load_run_id: run,
      loaded_at: loadedAt,
    }).lastInsertRowid,
  );
  insertContent(ctx, reportId, result, narratives);

  let changes: CellChange[] = [];
  if (prev) {
    const rows = s.factsOf.all(prev.id) as { key: string; value: number | null; raw: string | null }[];
    changes = diffFacts(new Map(rows.map((r) => [r.key, r])), result);
    for (const c of changes)
      s.insertChange.run(reportId, prev.id, c.key, c.kind, c.oldValue, c.newValue, c.oldRaw, c.newRaw);
  }
  return { status: reason, reportId, reportKey, version, previousReportId: prev?.id ?? null, changes };
}

/**
 * Loads one parsed document in one transaction (a savepoint inside a caller's transaction; for
 * many documents, loadBatch is faster).
 * @example
 * const outcome = loadParsed(db, { sha256, url, fetchedAt, mediaType: "application/pdf" }, result);
 * if (outcome.status === "changed") console.log(outcome.changes);
 */
export function loadParsed(
  db: Database,
  doc: SourceDocument,
  result: ParseResult,
  opts: LoadOptions = {},
): LoadOutcome {
  if (opts.validate ?? true) validateResult(doc, result);
  const ctx = contextOf(db);
  return db
    .transaction((): LoadOutcome => {
      const narratives: unknown[] = [];
      const outcome = writeParsed(ctx, doc, result, opts, narratives);
      insertRows(ctx, "narratives", narratives);
      return outcome;
    })
    .immediate(); /* IMMEDIATE: take the write lock first, so busy_timeout waits instead of failing mid-way */
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

/** Has this document (by its bytes' sha256) been loaded, or recorded as failing, by this parser version? */
export function isLoaded(db: Database, sha256: string, parserVersion: string): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM documents d WHERE d.sha256 = ? AND (
      EXISTS (SELECT 1 FROM reports r WHERE r.document_id = d.id AND r.parser_version = ?)
      OR EXISTS (SELECT 1 FROM load_errors e WHERE e.document_id = d.id AND e.parser_version = ?))`)
      .get(sha256, parserVersion, parserVersion) !== undefined
  );
}
