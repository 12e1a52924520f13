// The load stage, write side: open and migrate the dataset, write parse results into it (tables and
// views: docs/data-model.md). Reading it is src/query/.
export {
  openDatabase,
  migrateDatabase,
  checkpointDatabase,
  DEFAULT_DB_PATH,
  type Database,
  type OpenOptions,
} from "./database.ts";
export { SCHEMA_VERSION } from "./migrations/index.ts";
export { diffFacts, type CellChange } from "./changes.ts";
export {
  loadParsed,
  type SourceDocument,
  type LoadOptions,
  type LoadOutcome,
  type LoadStatus,
} from "./load-parsed.ts";
export { loadFailure, isLoaded, upsertDocument, validateResult, type FailureInput } from "./documents.ts";
export {
  isUnread,
  outranks,
  planReading,
  planRendition,
  planRenditionOf,
  RENDITION_RANK,
  sameContent,
  type Reading,
  type RenditionKind,
  type StoredCell,
} from "./renditions.ts";
export { planLoadRun, finishLoadRun, type LoadRunCounts } from "./load-runs.ts";
export { loadBatch, type BatchItem, type BatchOutcome, type FailedOutcome } from "./load-batch.ts";
export { planMetrics, planMetricRelations, renderColumnName, type MetricRow, type MetricRelation } from "./metrics.ts";
export {
  isDivisionSql,
  parseRegionText,
  planRegionIndex,
  readRegionRows,
  renderRegionPrefix,
  type RegionIndex,
  type RegionMatch,
  type RegionRow,
} from "./regions.ts";
export { recordSites, type SiteRecord } from "./sites.ts";
export { LoadError, type LoadCode } from "./errors.ts";
