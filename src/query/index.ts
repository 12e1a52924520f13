// The read side of the dataset: the questions people and the CLI ask of it (compare, series,
// export, search, coverage, failing checks). Reading only; writing is src/load/.
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
export { searchNarratives, type SearchHit, type SearchOptions } from "./search.ts";
export { queryFailingChecks } from "./checks.ts";
export { queryReportWide, type ReportWideRow } from "./report-wide.ts";
export { renderCsv, renderCsvRow, renderCsvField, neutraliseFormula, CSV_BOM, type CellValue } from "./csv.ts";
export {
  isDivisionSql,
  queryCoverageLine,
  queryDivisionCoverage,
  queryProvinceCoverage,
  queryRecordedRegistry,
  queryRunCoverage,
  renderCompareCoverage,
  renderCoverageLine,
  type CoverageLine,
  type ProvinceTotals,
  type RecordedRegistry,
  type RunCoverage,
  type RunSite,
} from "./division-coverage.ts";
