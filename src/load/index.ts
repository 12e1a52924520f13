// The load stage: parse results in, one SQLite dataset out (tables and views: docs/data-model.md).
export {
  openDatabase,
  migrateDatabase,
  checkpointDatabase,
  DEFAULT_DB_PATH,
  type Database,
  type OpenOptions,
} from "./database.ts";
export { SCHEMA_VERSION } from "./migrations/index.ts";
export {
  loadParsed,
  loadFailure,
  diffFacts,
  upsertDocument,
  type CellChange,
  type DocumentInput,
  type FailureInput,
  type LoadOptions,
  type LoadOutcome,
  type LoadStatus,
} from "./load-parsed.ts";
export { loadBatch, type BatchItem, type BatchOutcome, type FailedOutcome } from "./load-batch.ts";
export { loadFiles, type FileOutcome, type LoadFilesOptions, type LoadFilesSummary } from "./load-files.ts";
export { searchNarratives, type SearchHit, type SearchOptions } from "./search.ts";
export { planMetrics, planMetricRelations, renderColumnName, type MetricRow, type MetricRelation } from "./metrics.ts";
export {
  parseRegionText,
  planRegionIndex,
  readRegionRows,
  renderRegionPrefix,
  type RegionIndex,
  type RegionMatch,
  type RegionRow,
} from "./regions.ts";
export { planSyntheticReport, type SyntheticOptions } from "./synthetic.ts";
export { LoadError, renderErrorLine, type LoadCode } from "./errors.ts";
export { writeExport, listExportable, type ExportFormat, type ExportOptions } from "./export.ts";
export {
  queryComparison,
  querySeries,
  resolveRegionArg,
  HEADLINE_METRICS,
  type ComparisonRow,
  type ComparisonQuery,
  type SeriesLine,
  type SeriesQuery,
} from "./queries.ts";
export { renderCsv, renderCsvRow, renderTable, displayWidth, CSV_BOM, type CellValue } from "./render.ts";
