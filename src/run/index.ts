// The nightly job: crawl → parse → load under a lock, with a summary for people and for alerting.
export { runPipeline, expectedYear, type RunOptions, type DocumentOutcome } from "./pipeline.ts";
export { renderRunSummary, writeRunSummary, planCoverage, type RunSummary } from "./summary.ts";
export { acquireLock, LockError, type HeldLock, type LockOwner } from "./lock.ts";
