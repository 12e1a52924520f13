// One report, several documents (docs/load.md, "Renditions"). A report page and its text, the page and
// its PDF attachment, a scan's OCR, a copy re-hosted by the city portal: when a new document of a
// report reads the same numbers as the report's current version, it is one more document of that
// version (`report_documents`), not a new version. The pure part decides; writeRendition acts.
import type { ParseResult, Source } from "../parse/index.ts";
import type { LoadContext } from "./_statements.ts";

/**
 * What a document's facts were read from: the bytes' own text (`html`, `text`, `pdf-text`, `docx`,
 * `xlsx`), a LibreOffice conversion (`libreoffice`), page images (`ocr`), or `other`.
 */
export type RenditionKind = "html" | "text" | "pdf-text" | "docx" | "xlsx" | "libreoffice" | "ocr" | "other";

/**
 * Precedence of renditions, lower first: a reading of the document's own text beats a conversion,
 * which beats OCR (whose every number is the engine's guess, confidence < 1). Within a rank the
 * reading with fewer unread cells, then fewer flags, wins (see outranks).
 */
export const RENDITION_RANK: Readonly<Record<RenditionKind, number>> = {
  html: 0,
  text: 0,
  "pdf-text": 0,
  docx: 0,
  xlsx: 0,
  libreoffice: 1,
  other: 1,
  ocr: 2,
};

/** Media types read through a LibreOffice conversion (docs/spec/SCHEMA.md, "Renditions"). */
const CONVERTED = new Set(["application/msword", "application/vnd.ms-works", "application/vnd.ms-excel"]);

/** The rendition of a document from its media type and the reader's shape (also for rows loaded before renditions were recorded). */
export function planRenditionOf(mediaType: string | null, shape: string | null): RenditionKind {
  if (shape === "ocr-rows") return "ocr";
  const m = (mediaType ?? "").split(";")[0]!.trim().toLowerCase();
  if (m === "text/html" || m === "application/xhtml+xml") return "html";
  if (m === "application/pdf") return "pdf-text";
  if (m === "text/plain") return "text";
  if (m === "application/vnd.openxmlformats-officedocument.wordprocessingml.document") return "docx";
  if (m === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") return "xlsx";
  if (CONVERTED.has(m)) return "libreoffice";
  if (m.startsWith("image/")) return "ocr";
  if (shape === "html-table") return "html";
  return "other";
}

/** The rendition a parse result's facts were read from: `source.rendition` when the parser made one, else the bytes' type. */
export function planRendition(source: Pick<Source, "media_type" | "shape" | "rendition">): RenditionKind {
  return source.rendition?.method ?? planRenditionOf(source.media_type, source.shape);
}

/**
 * A cell the parser could not read: null, and either flagged or printed with digits (a glued run
 * it would not split, whose flag may sit on one key of the run). A printed blank (`/`, `—`, empty)
 * has no digits: it is read, as blank.
 */
export function isUnread(value: number | null, raw: string | null | undefined, flagged: boolean): boolean {
  return value === null && (flagged || /[0-9０-９]/.test(raw ?? ""));
}

/** How good one document's reading of a report is: what precedence compares. */
export interface Reading {
  rendition: RenditionKind;
  /** Cells the parser could not read (isUnread): an ambiguous glued run, an unreadable OCR word. */
  unread: number;
  /** All the parser's flags on this document. */
  flags: number;
  status: string;
  /** 1: fetched from a site whose registry division is not the report's (a city portal's copy). */
  rehosted: number;
  /** Of the document's bytes: the last tie-break, so that the load order never decides. */
  sha256: string;
}

/** `regionCode`: the report's division; `siteDivision`: the registry division of the site the document came from. */
export function planReading(
  r: ParseResult,
  sha256: string,
  regionCode: string | null,
  siteDivision: string | null | undefined,
): Reading {
  // Run for every document loaded: only the null cells are looked at, without building entry pairs.
  const flagged = r.flags.length ? new Set(r.flags.map((f) => f.key)) : null;
  let unread = 0;
  for (const k in r.facts) {
    if (r.facts[k] !== null) continue;
    if (isUnread(null, r.cells[k]?.raw, flagged?.has(k) ?? false)) unread++;
  }
  const rehosted = siteDivision && regionCode && siteDivision !== regionCode ? 1 : 0;
  return { rendition: planRendition(r.source), unread, flags: r.flags.length, status: r.status, rehosted, sha256 };
}

/**
 * Does reading `a` beat reading `b` as the source of a version's facts? A reading that failed (no table
 * found, garbled text) loses to one that did not; then by rendition rank, fewer unread cells, fewer flags,
 * the report's own site before a re-host, and the lower sha256: a total order, so the same documents give
 * the same primary whatever order they arrive in.
 */
export function outranks(a: Reading, b: Reading): boolean {
  const fa = a.status === "failed";
  if (fa !== (b.status === "failed")) return !fa;
  const ra = RENDITION_RANK[a.rendition] ?? RENDITION_RANK.other;
  const rb = RENDITION_RANK[b.rendition] ?? RENDITION_RANK.other;
  if (ra !== rb) return ra < rb;
  if (a.unread !== b.unread) return a.unread < b.unread;
  if (a.flags !== b.flags) return a.flags < b.flags;
  if (a.rehosted !== b.rehosted) return a.rehosted < b.rehosted;
  return a.sha256 < b.sha256;
}

/** A stored cell as sameContent compares it. */
export interface StoredCell {
  key: string;
  value: number | null;
  raw: string | null;
  flagged: number;
}

/**
 * Pure: do a version's stored cells and a new result read the same report? The same keys, and for
 * every key the same value, or a value unread on one side (isUnread: it disagrees with nothing); or no
 * table on exactly one side. When both have tables, at least one number must be read on both sides, and
 * two documents without a table are never taken for the same report. Prose is compared apart, and only between readings of one kind
 * (sameProse): renditions of different kinds extract prose differently while their numbers agree.
 */
export function sameContent(stored: readonly StoredCell[], next: ParseResult): boolean {
  const keys = Object.keys(next.facts);
  // A reading with no table at all (a landing page whose tables are in its attachment or in images)
  // disagrees with nothing: one more document of the report, or the one a reading with numbers takes over.
  if ((keys.length === 0) !== (stored.length === 0)) return true;
  // Readings of different parts of one report (a page's tables printed as separate images, each OCR'd on
  // its own) share no key: they disagree with nothing either. The version keeps one of them (no mixing).
  if (keys.length > 0 && stored.every((c) => !(c.key in next.facts))) return true;
  if (keys.length !== stored.length) return false;
  const flagged = new Set(next.flags.map((f) => f.key));
  let agreed = 0;
  for (const c of stored) {
    if (!(c.key in next.facts)) return false;
    const v = next.facts[c.key] ?? null;
    if (v !== null && c.value !== null) {
      if (v !== c.value) return false;
      agreed++;
    } else if (
      v !== c.value &&
      !(v === null
        ? isUnread(v, next.cells[c.key]?.raw, flagged.has(c.key))
        : isUnread(c.value, c.raw, c.flagged === 1))
    )
      return false;
  }
  return agreed > 0;
}

/** Prose as sameProse compares it: whitespace, punctuation and symbols dropped (line breaks and full- or half-width marks differ between copies). */
export function normalizeProse(text: string | null | undefined): string {
  return (text ?? "").replace(/[\s\p{P}\p{S}]/gu, "");
}

/**
 * Pure: is the prose of two readings of the same kind the same? Each narrative section that both print
 * must match after normalizeProse. Only readings of one kind are compared (a page with a page, a text
 * with a text, never OCR): a page edited in place whose numbers stayed is a changed version, while
 * renditions of different kinds extract prose differently (a PDF's page headers, a .docx saved with
 * the page's chrome, OCR errors) and are compared on their numbers alone.
 */
export function sameProse(
  storedKind: RenditionKind,
  stored: ReadonlyMap<string, string>,
  nextKind: RenditionKind,
  next: ParseResult,
): boolean {
  if (storedKind !== nextKind || nextKind === "ocr") return true;
  for (const section of ["overview", "problems", "other"] as const) {
    const a = stored.get(section);
    const b = next.narrative[section];
    if (a && b && normalizeProse(a) !== normalizeProse(b)) return false;
  }
  return true;
}

/** A `report_documents` row's parameters. */
export function readingParams(
  reportId: number,
  documentId: number,
  reading: Reading,
  primary: boolean,
  parserVersion: string,
  runId: number | null,
  loadedAt: string,
) {
  return {
    report_id: reportId,
    document_id: documentId,
    rendition: reading.rendition,
    is_primary: primary ? 1 : 0,
    unread: reading.unread,
    flags: reading.flags,
    rehosted: reading.rehosted,
    status: reading.status,
    parser_version: parserVersion,
    load_run_id: runId,
    loaded_at: loadedAt,
  };
}

/** Records `documentId` as one more document of version `reportId`; true when its reading outranks the primary's. */
export function writeRendition(
  ctx: LoadContext,
  reportId: number,
  documentId: number,
  reading: Reading,
  parserVersion: string,
  runId: number | null,
  loadedAt: string,
): boolean {
  const { s } = ctx;
  const primary = s.primaryReading.get(reportId) as Reading | undefined;
  const promote = primary !== undefined && outranks(reading, primary);
  if (promote) s.demotePrimary.run(reportId);
  s.upsertReportDocument.run(readingParams(reportId, documentId, reading, promote, parserVersion, runId, loadedAt));
  return promote;
}
