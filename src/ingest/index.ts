// The one door into the dataset: sources (local files, crawled documents) → parse once → loadBatch
// → one outcome per document, under one writers' lock. `gongkai load` and `gongkai run` both use it.
export {
  ingest,
  PARSE_FAILED,
  type IngestOptions,
  type IngestOutcome,
  type IngestSummary,
  emptyCounts,
  type Source,
} from "./batch.ts";
export { fileSources, ingestFiles, listFiles } from "./files.ts";
export { crawledSources, latestDocuments } from "./crawled.ts";
export { runPipeline, expectedYear, type RunOptions, type DocumentOutcome } from "./pipeline.ts";
export { planFailedSummary, writeRunSummary, type RunFailure, type RunSummary } from "./summary.ts";
export { acquireLock, LockError, type HeldLock, type LockOptions, type LockOwner } from "./lock.ts";
