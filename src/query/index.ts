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
export { planCoverage } from "./coverage.ts";
export { queryFailingChecks } from "./checks.ts";
export { queryReportWide, type ReportWideRow } from "./report-wide.ts";
export { renderCsv, renderCsvRow, renderCsvField, neutraliseFormula, CSV_BOM, type CellValue } from "./csv.ts";
export {
  queryDivisions,
  queryDivisionReports,
  planDivisionCoverage,
  planProvinceTotals,
  renderCoverageLine,
  type CoverageLine,
  type DivisionRow,
  type ProvinceTotals,
  type RegistryEntry,
} from "./division-coverage.ts";
