// Writing one parse result into the dataset. Idempotent: the same document parsed by the same parser
// version is a no-op; a different document for the same report with the same numbers is another
// document of its current version (`rendition`); with other numbers it becomes a new version (the old
// one is kept and the changed cells recorded); a new parser version on the same document is `reparsed`.
import type { SourceDocument } from "../source.ts";
import type { Database } from "../db/index.ts";
import type { ParseResult } from "../parse/index.ts";
import { contextOf, insertRows, keyIdOf, type LoadContext } from "./_statements.ts";
import { type CellChange, writeChanges } from "./changes.ts";
import { upsertDocument, validateResult } from "./documents.ts";
import { planIdentity, queryNamesakes } from "./identity.ts";
import {
  planReading,
  planRendition,
  type Reading,
  readingParams,
  type RenditionKind,
  type StoredCell,
  sameContent,
  sameProse,
  writeRendition,
} from "./renditions.ts";

/** Where a document came from. The crawler passes all of it; a local load passes path and sha256. */
export type { SourceDocument, CellChange };

/**
 * `rendition`: another document of the report's current version (the same numbers from a page's text,
 * its PDF attachment, an OCR of a scan, a copy on another host); no new version.
 */
export type LoadStatus = "new" | "changed" | "reparsed" | "rendition" | "unchanged";

export interface LoadOutcome {
  status: LoadStatus;
  reportId: number;
  reportKey: string;
  version: number;
  previousReportId: number | null;
  /** Cells that differ from the previous version (empty for `new`, `rendition` and `unchanged`). */
  changes: CellChange[];
  /** What this document's facts were read from (renditions.ts). */
  rendition: RenditionKind;
  /** This document is now the one the version's facts come from (absent for `unchanged`, and for a rendition that does not outrank the primary). */
  primary?: true;
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
  const rendition = planRendition(result.source);
  const outcome = (status: LoadStatus, reportId: number, version: number, key: string): LoadOutcome => ({
    status,
    reportId,
    reportKey: key,
    version,
    previousReportId: null,
    changes: [],
    rendition,
  });
  // Already loaded by this parser: answered before the identity and the reading are worked out.
  const same = s.sameExtraction.get(documentId, result.parser_version) as
    | { id: number; version: number; report_key: string }
    | undefined;
  if (same) return outcome("unchanged", same.id, same.version, same.report_key);
  const identity = planIdentity(ctx, doc, result);
  const { reportKey, agency, regionText, regionCode, regionKey, year } = identity;
  const reading = planReading(result, doc.sha256, regionCode, doc.regionCode);

  const run = typeof runId === "function" ? runId() : runId;
  // Another document of the same report (its text, its attachment, a re-hosted copy): the same numbers
  // make it one more document of the current version, not a new version (docs/load.md, "Renditions").
  const attach = (current: Current, key: string): LoadOutcome => {
    const promoted = writeRendition(ctx, current.id, documentId, reading, result.parser_version, run, loadedAt);
    if (promoted) promote(ctx, current, key, documentId, result);
    return {
      ...outcome("rendition", current.id, current.version, key),
      ...(promoted ? { primary: true as const } : {}),
    };
  };
  // The same numbers, and the same prose when the two are readings of one kind (renditions.ts, sameProse).
  const sameReport = (reportId: number, cells: readonly StoredCell[]): boolean => {
    if (!sameContent(cells, result)) return false;
    const primary = s.primaryReading.get(reportId) as Reading | undefined;
    if (!primary) return true;
    const rows = s.narrativesOf.all(reportId) as { section: string; body: string }[];
    return sameProse(primary.rendition, new Map(rows.map((r) => [r.section, r.body])), reading.rendition, result);
  };
  let key = reportKey;
  let prev = s.currentReport.get(reportKey) as Current | undefined;
  let prevCells: StoredCell[] | null = null;
  if (prev && prev.document_id !== documentId) {
    prevCells = s.factsOf.all(prev.id) as StoredCell[];
    if (sameReport(prev.id, prevCells)) return attach(prev, key);
  }
  if (!prev)
    for (const other of queryNamesakes(ctx, identity)) {
      // Its own document read anew (a parser that spells the agency otherwise): a reparse of that report.
      if (other.document_id === documentId) {
        prev = other;
        key = other.report_key;
        break;
      }
      if (sameReport(other.id, s.factsOf.all(other.id) as StoredCell[])) return attach(other, other.report_key);
    }
  let agencyId: number | null = null;
  if (agency) {
    agencyId =
      (s.agencyId.get(agency, regionKey) as number | undefined) ??
      Number(s.insertAgency.run(agency, regionKey, regionCode).lastInsertRowid);
  }
  if (prev) s.retire.run(prev.id);
  const reason = !prev ? "new" : prev.document_id === documentId ? "reparsed" : "changed";
  const version = prev ? prev.version + 1 : 1;
  const reportId = Number(
    s.insertReport.run({
      report_key: key,
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
  s.upsertReportDocument.run(readingParams(reportId, documentId, reading, true, result.parser_version, run, loadedAt));
  insertContent(ctx, reportId, result, narratives);

  let changes: CellChange[] = [];
  if (prev)
    changes = writeChanges(ctx, reportId, prev.id, prevCells ?? (s.factsOf.all(prev.id) as StoredCell[]), result);
  return {
    ...outcome(reason, reportId, version, key),
    previousReportId: prev?.id ?? null,
    changes,
    primary: true,
  };
}

/** A report's current version, as the statements return it. */
interface Current {
  id: number;
  version: number;
  document_id: number;
}

/**
 * A rendition that outranks the primary becomes the version's source of facts: its cells, checks,
 * flags and status replace the primary's in place. The numbers agree by sameContent, except cells
 * one reading left unread; the title, dates and narrative stay the first document's. The version's
 * changes against the one before it are recomputed from the new cells.
 */
function promote(
  ctx: LoadContext,
  current: { id: number; version: number },
  reportKey: string,
  documentId: number,
  result: ParseResult,
): void {
  const { s } = ctx;
  for (const drop of [s.dropCells, s.dropChecks, s.dropFlags, s.dropChanges]) drop.run(current.id);
  s.promoteReport.run(documentId, result.source.shape, result.status, result.parser_version, current.id);
  insertContent(ctx, current.id, result, []);
  const before = current.version > 1 ? (s.versionId.get(reportKey, current.version - 1) as number) : null;
  if (before !== null) writeChanges(ctx, current.id, before, s.factsOf.all(before) as StoredCell[], result);
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
