// `gongkai load`: walk files and folders, parse each document, load it. Documents are committed in
// batches (up to 100 documents, or what was parsed in about a second): a killed load keeps every
// batch it committed, and the rerun skips those documents (unchanged) and finishes the rest. A
// document that fails to parse is recorded and skipped.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Database } from "better-sqlite3";
import { PARSER_VERSION, type ParseResult, parseDocument } from "../parse/index.ts";
import { LoadError } from "./errors.ts";
import { type BatchItem, type BatchOutcome, loadBatch } from "./load-batch.ts";
import type { DocumentInput, LoadStatus } from "./load-parsed.ts";

/** Files a folder walk picks up, by extension, with the media type recorded for them. */
const MEDIA_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".html": "text/html",
  ".htm": "text/html",
  ".shtml": "text/html",
  ".txt": "text/plain",
};
/** Parse results saved by `gongkai parse --json` (content-addressed artifacts) load without re-parsing. */
const PARSED_SUFFIX = ".parse.json";

export interface FileOutcome {
  path: string;
  status: LoadStatus | "failed";
  reportId?: number;
  version?: number;
  /** Cells that differ from the previous version. */
  changes?: number;
  error?: { code: string; message: string };
}

export interface LoadFilesSummary {
  runId: number | null;
  files: number;
  counts: Record<FileOutcome["status"], number>;
  outcomes: FileOutcome[];
}

export interface LoadFilesOptions {
  /** Called after each file. @default none */
  onProgress?: (done: number, total: number, outcome: FileOutcome) => void;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** Documents per transaction (LOAD.md §6). @default 100 */
  batchSize?: number;
  /** Commit a batch once its first document has waited this long, ms: slow parsing still commits often. @default 1000 */
  batchMs?: number;
}

/** Expands folders (recursively, sorted, so reruns load in the same order); files given by name are kept whatever their extension. */
export async function listFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && (e.name.endsWith(PARSED_SUFFIX) || extname(e.name).toLowerCase() in MEDIA_TYPES))
        out.push(p);
    }
  };
  for (const p of paths) {
    const st = await stat(p).catch((cause: unknown) => {
      throw new LoadError("NOT_FOUND", p, "no such file or folder", { cause });
    });
    if (st.isDirectory()) await walk(p);
    else out.push(p);
  }
  return out;
}

/** `untrusted`: read from a JSON file, so the zod schema checks it before anything is written. */
interface Parsed {
  result?: ParseResult;
  untrusted?: boolean;
  error?: { code: string; message: string };
}

async function parseFile(path: string, bytes: Uint8Array, mediaType: string | undefined): Promise<Parsed> {
  try {
    if (path.endsWith(PARSED_SUFFIX))
      return { result: JSON.parse(Buffer.from(bytes).toString("utf8")) as ParseResult, untrusted: true };
    return { result: await parseDocument({ bytes, path, ...(mediaType ? { contentType: mediaType } : {}) }) };
  } catch (err) {
    // Any parse failure, including a parser bug, is this document's problem: record it, go on.
    const code = err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : "PARSE_CRASH";
    return { error: { code, message: err instanceof Error ? err.message : String(err) } };
  }
}

function renderFileOutcome(path: string, o: BatchOutcome): FileOutcome {
  if (o.status === "failed") return { path, status: "failed", error: { code: o.code, message: o.message } };
  return { path, status: o.status, reportId: o.reportId, version: o.version, changes: o.changes.length };
}

/**
 * Parses and loads local files and folders. Database errors stop the batch (they are not the
 * document's fault); parse errors and invalid results are recorded per document.
 */
export async function loadFiles(
  db: Database,
  paths: readonly string[],
  opts: LoadFilesOptions = {},
): Promise<LoadFilesSummary> {
  const { onProgress, now = () => new Date(), batchSize = 100, batchMs = 1000 } = opts;
  if (!(batchSize >= 1))
    throw new LoadError("BAD_OPTION", "batchSize", `batchSize must be at least 1 (got ${batchSize})`);
  const files = await listFiles(paths);
  const counts: LoadFilesSummary["counts"] = { new: 0, changed: 0, reparsed: 0, unchanged: 0, failed: 0 };
  const outcomes: FileOutcome[] = [];
  let runId: number | null = null;
  const runExists = db.prepare("SELECT 1 FROM load_runs WHERE id = ?");
  // The run row is written with the first change, so a rerun that changes nothing leaves no trace.
  // It may be written inside a report's savepoint that then rolls back: check it is still there.
  const ensureRun = (): number => {
    if (runId !== null && runExists.get(runId)) return runId;
    runId = Number(
      db
        .prepare("INSERT INTO load_runs (started_at, parser_version) VALUES (?, ?)")
        .run(now().toISOString(), PARSER_VERSION).lastInsertRowid,
    );
    return runId;
  };
  let pending: { path: string; item: BatchItem }[] = [];
  let firstAt = 0;
  const flush = (): void => {
    const done = loadBatch(
      db,
      pending.map((p) => p.item),
      { now, runId: ensureRun },
    );
    done.forEach((o, i) => {
      const outcome = renderFileOutcome(pending[i]!.path, o);
      counts[outcome.status]++;
      outcomes.push(outcome);
      onProgress?.(outcomes.length, files.length, outcome);
    });
    pending = [];
  };
  for (const path of files) {
    const bytes = await readFile(path);
    const mediaType =
      MEDIA_TYPES[extname(path).toLowerCase()] ?? (path.endsWith(PARSED_SUFFIX) ? "application/json" : undefined);
    const doc: DocumentInput = {
      sha256: createHash("sha256").update(bytes).digest("hex"),
      path,
      mediaType: mediaType ?? null,
      size: bytes.length,
    };
    const parsed = await parseFile(path, bytes, mediaType);
    const failure = parsed.error ?? { code: "PARSE_CRASH", message: "no result" };
    // Results of parseDocument in this process are typed; only JSON files need the schema check.
    const item: BatchItem = parsed.result
      ? { doc, result: parsed.result, validate: parsed.untrusted ?? false }
      : { doc, failure: { ...failure, parserVersion: PARSER_VERSION } };
    if (pending.push({ path, item }) === 1) firstAt = performance.now();
    if (pending.length >= batchSize || performance.now() - firstAt >= batchMs) flush();
  }
  if (pending.length) flush();
  if (runId !== null) {
    db.prepare(
      `UPDATE load_runs SET finished_at = ?, documents = ?, new = ?, changed = ?, unchanged = ?, failed = ? WHERE id = ?`,
    ).run(
      now().toISOString(),
      files.length,
      counts.new,
      counts.changed + counts.reparsed,
      counts.unchanged,
      counts.failed,
      runId,
    );
  }
  return { runId, files: files.length, counts, outcomes };
}
