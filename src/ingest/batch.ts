// The one door into the dataset. Every source of documents (local files, crawled pages) comes here:
// each document is parsed once, the results are loaded in batches (loadBatch: one transaction per
// batch, a savepoint per report), and each document gets one outcome. This is the only place that
// turns a parse failure into an outcome code. One `load_runs` row per call, written with the first
// change, so a rerun that changes nothing leaves no trace.
//
// Batches commit at up to `batchSize` documents or once the first has waited `batchMs`: a killed
// run keeps every batch it committed and the rerun finishes the rest.
import type { Database } from "../db/index.ts";
import {
  type BatchItem,
  type BatchOutcome,
  finishLoadRun,
  isLoaded,
  LoadError,
  type LoadStatus,
  loadBatch,
  planLoadRun,
  type SourceDocument,
} from "../load/index.ts";
import {
  PARSER_VERSION,
  type PageMeta,
  ParseError,
  type ParseResult,
  parseDocument,
  parseImages,
} from "../parse/index.ts";

/** One document offered to the door: its source record, and how to get its bytes or its result. */
export interface Source {
  /** What people know it by: the file path or the URL. */
  name: string;
  doc: SourceDocument;
  /** The bytes, read only when the document has to be parsed. */
  read: () => Promise<Uint8Array>;
  /** The Content-Type it was served with, if any. */
  contentType?: string;
  /** What the page around it says (the registry's region, the link's title). */
  meta?: PageMeta;
  /** A result saved by `gongkai parse --json`: loaded without parsing, after the schema check. */
  saved?: boolean;
  /** Registry site, carried into the outcome. */
  siteId?: string;
  /**
   * The images of one report page, OCR'd as the pages of one document (parseImages); `read` is then
   * not used, and `doc.sha256` is of the set (crawled.ts).
   */
  images?: readonly { name: string; read: () => Promise<Uint8Array> }[];
}

/** The codes of a document that did not load: a ParseError's own code, else PARSE_FAILED. */
export const PARSE_FAILED = "PARSE_FAILED";

export interface IngestOutcome {
  source: string;
  siteId?: string;
  sha256: string;
  outcome: LoadStatus | "failed";
  /** Why it failed; or GARBLED_TEXT for a loaded report whose text is unreliable. */
  code?: string;
  message?: string;
  reportId?: number;
  version?: number;
  /** Cells that differ from the previous version. */
  changes?: number;
  /** What the document's facts were read from: html, text, pdf-text, docx, xlsx, libreoffice, ocr, other. */
  rendition?: string;
  /** The report version's facts now come from this document (new, changed, reparsed, or a rendition that outranks the one before). */
  primary?: boolean;
  year?: number | null;
  /** The parse status (ok, flagged, …) of a loaded report. */
  status?: string;
}

export interface IngestSummary {
  /** The `load_runs` row, or null when nothing changed. */
  runId: number | null;
  documents: number;
  counts: Record<IngestOutcome["outcome"], number>;
  outcomes: IngestOutcome[];
}

/** Every outcome counted zero times. */
export function emptyCounts(): IngestSummary["counts"] {
  return { new: 0, changed: 0, reparsed: 0, rendition: 0, unchanged: 0, failed: 0 };
}

export interface IngestOptions {
  /** Called after each document. */
  onOutcome?: (o: IngestOutcome, done: number, total: number | undefined) => void;
  /** The number of sources, for progress, when known. */
  total?: number;
  /** @default () => new Date() */
  now?: () => Date;
  /** Documents per transaction (docs/load.md, "Batches"). @default 100 */
  batchSize?: number;
  /** Commit a batch once its first document has waited this long, ms. @default 1000 */
  batchMs?: number;
  /** Skip, as unchanged, documents this parser version has already loaded or recorded, without reading them. @default false */
  skipLoaded?: boolean;
  /** When aborted, stop before the next document: the batch in hand is committed, the rest is left for the next call. */
  signal?: AbortSignal;
}

interface Parsed {
  result?: ParseResult;
  untrusted?: boolean;
  error?: { code: string; message: string };
}

async function parseSource(s: Source, bytes: Uint8Array): Promise<Parsed> {
  try {
    if (s.saved) return { result: JSON.parse(Buffer.from(bytes).toString("utf8")) as ParseResult, untrusted: true };
    if (s.images) {
      const images = [];
      for (const i of s.images) images.push({ bytes: await i.read(), path: i.name });
      return {
        result: await parseImages({ images, path: s.name, sha256: s.doc.sha256, ...(s.meta ? { meta: s.meta } : {}) }),
      };
    }
    const result = await parseDocument({
      bytes,
      path: s.name,
      sha256: s.doc.sha256,
      ...(s.doc.charset ? { charset: s.doc.charset } : {}),
      ...(s.doc.recognized ? { recognized: true } : {}),
      ...(s.contentType ? { contentType: s.contentType } : {}),
      ...(s.meta ? { meta: s.meta } : {}),
    });
    return { result };
  } catch (err) {
    // Any parse failure, including a parser bug, is this document's problem: record it, go on.
    const code = err instanceof ParseError ? err.code : PARSE_FAILED;
    return { error: { code, message: err instanceof Error ? err.message : String(err) } };
  }
}

function outcomeOf(s: Source, o: BatchOutcome, result: ParseResult | undefined): IngestOutcome {
  const base = { source: s.name, ...(s.siteId ? { siteId: s.siteId } : {}), sha256: s.doc.sha256 };
  if (o.status === "failed") return { ...base, outcome: "failed", code: o.code, message: o.message };
  const garbled = result?.flags.find((f) => f.code === "GARBLED_TEXT");
  return {
    ...base,
    outcome: o.status,
    reportId: o.reportId,
    version: o.version,
    changes: o.changes.length,
    rendition: o.rendition,
    ...(o.status !== "unchanged" ? { primary: o.primary === true } : {}),
    ...(result ? { year: result.report.year, status: result.status } : {}),
    ...(garbled ? { code: "GARBLED_TEXT", message: garbled.message } : {}),
  };
}

/**
 * Parses and loads `sources` in order. Database errors stop it (they are not the document's fault);
 * parse failures and results the dataset refuses are recorded per document in `load_errors`.
 */
export async function ingest(
  db: Database,
  sources: Iterable<Source> | AsyncIterable<Source>,
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  const {
    onOutcome,
    total,
    now = () => new Date(),
    batchSize = 100,
    batchMs = 1000,
    skipLoaded = false,
    signal,
  } = opts;
  if (!(batchSize >= 1))
    throw new LoadError("BAD_OPTION", "batchSize", `batchSize must be at least 1 (got ${batchSize})`);
  const counts = emptyCounts();
  const outcomes: IngestOutcome[] = [];
  const loadRun = planLoadRun(db, () => now().toISOString(), PARSER_VERSION);
  let runId: number | null = null;
  const ensureRun = (): number => {
    runId = loadRun();
    return runId;
  };
  const record = (o: IngestOutcome): void => {
    counts[o.outcome]++;
    outcomes.push(o);
    onOutcome?.(o, outcomes.length, total);
  };
  let pending: { source: Source; item: BatchItem; result?: ParseResult }[] = [];
  let firstAt = 0;
  const flush = (): void => {
    const done = loadBatch(
      db,
      pending.map((p) => p.item),
      { now, runId: ensureRun },
    );
    done.forEach((o, i) => record(outcomeOf(pending[i]!.source, o, pending[i]!.result)));
    pending = [];
  };
  for await (const source of sources) {
    if (signal?.aborted) break;
    if (skipLoaded && isLoaded(db, source.doc.sha256, PARSER_VERSION)) {
      if (pending.length) flush(); /* outcomes stay in source order */
      record({
        source: source.name,
        ...(source.siteId ? { siteId: source.siteId } : {}),
        sha256: source.doc.sha256,
        outcome: "unchanged",
      });
      continue;
    }
    const parsed = await parseSource(source, await source.read());
    // Results of parseDocument in this process are typed; only saved JSON needs the schema check.
    const item: BatchItem = parsed.result
      ? { doc: source.doc, result: parsed.result, validate: parsed.untrusted ?? false }
      : {
          doc: source.doc,
          failure: { ...(parsed.error ?? { code: PARSE_FAILED, message: "no result" }), parserVersion: PARSER_VERSION },
        };
    if (pending.push({ source, item, ...(parsed.result && !parsed.untrusted ? { result: parsed.result } : {}) }) === 1)
      firstAt = performance.now();
    if (pending.length >= batchSize || performance.now() - firstAt >= batchMs) flush();
  }
  if (pending.length) flush();
  if (runId !== null)
    finishLoadRun(db, runId, now().toISOString(), {
      documents: outcomes.length,
      new: counts.new,
      changed: counts.changed + counts.reparsed,
      renditions: counts.rendition,
      unchanged: counts.unchanged,
      failed: counts.failed,
    });
  return { runId, documents: outcomes.length, counts, outcomes };
}
