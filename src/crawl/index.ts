// The crawl stage: find each site's annual-report column, walk its list pages, fetch every report page
// and attachment politely, archive every body by SHA-256, and record it all in a SQLite crawl database.
//
// Stable interface (src/ingest/ relies on it):
//   crawlSites(sites, options) → CrawlSummary      crawl; resumes an unfinished run (even after kill -9)
//   openCrawlDb(file) + listDocuments(db, {runId?, sinceRunId?, classes?}) → DocumentRow[] (documents.ts);
//       sourceOf(row) → the SourceDocument (src/source.ts) carried unchanged to the dataset
//       per fetched document: url, finalUrl, siteId, status, headers, fetchedAt, sha256, archivePath
//       (<raw>/<ab>/<cd>/<sha256>), mediaType (sniffed), charset, class, title, change (new/changed/unchanged)
//   loadRegistry(path) / parseRegistry(json) → Site[]   data/sites/ (a file per province), validated with zod
// Database: better-sqlite3, WAL; or PostgreSQL (`postgres://…?schema=S` → schema S_crawl, postgres.ts), shared by
// queue workers, with a host gate for one request in flight per host across processes. Tables: runs, frontier, documents (source_document), url_state, hosts
// (migrations/, under user_version). Defaults: src/paths.ts.
// Document classes: list, report (recognised report text), report_page (wrapper with attachments),
// attachment, not_report, soft_404, blocked:<challenge|waf…>, http_<status>, network, timeout, too_large,
// redirect_loop, too_many_redirects, offsite_redirect, bad_scheme, robots, bad_content_encoding, tls,
// out_of_scope, private_address, archive_cap (docs/crawl.md).
export { crawlSites } from "./crawler.ts";
export { resolveCrawlOptions, type CrawlOptions, type ResolvedCrawlOptions } from "./options.ts";
export { listFailedUrls, summarizeRun, type ChangeCounts, type CrawlSummary, type FailedUrl } from "./summary.ts";
export { listDocuments, sourceOf, type DocumentRow } from "./documents.ts";
export { openCrawlDb, openCrawlDatabase, type Db } from "./_store.ts";
export { createPgHostGate, type HostGate, type HostLease } from "./postgres.ts";
export { latestRunOf, type RunRow } from "./runs.ts";
export { sleep } from "./_sleep.ts";
export {
  loadRegistry,
  parseRegistry,
  selectSites,
  siteHosts,
  siteStarts,
  ListApiSchema,
  RegistrySchema,
  SiteSchema,
  type ListApi,
  type RegistryIssue,
  type Site,
} from "./registry.ts";
export { CrawlError, isCrawlError, type CrawlCode } from "./errors.ts";
export {
  initialProgress,
  isFailureClass,
  progressRate,
  reduceProgress,
  type CrawlEvent,
  type HostStatus,
  type ProgressState,
} from "./events.ts";
export { classifyBlock, parseRetryAfter, sniffMediaType } from "./classify.ts";
export { discoverList, isReportTitle, selectAttachments, selectReportLinks, type FoundLink } from "./discover.ts";
export { USER_AGENT } from "./policy.ts";
