// The parse stage: report text, HTML or PDF in; the `parse --json` object of SCHEMA.md out.
export type {
  Cell,
  Check,
  Flag,
  Narrative,
  PageMeta,
  ParseResult,
  ReportMeta,
  Shape,
  Source,
  Status,
  Template,
} from "./types.ts";
export { ParseResultSchema } from "./types.ts";
export {
  type ImagesInput,
  parseDocument,
  parseImages,
  parseText,
  recognizePage,
  recognizeReport,
  type ParseInput,
} from "./document.ts";
// The one fast text of an HTML page: the crawler scans links with it and both stages recognise reports on it.
export { collapseText, decodeEntities, htmlToText, tokenize, type Token } from "./_html-scan.ts";
export { decodeBytes, type DecodedText } from "./decode.ts";
export { ParseError, type ParseCode } from "./errors.ts";
// For benches: pdf.js page loading (its length is the page count) apart from row rebuilding.
export { loadPdfPages, readPdf, readPdfPages } from "./read-pdf.ts";
export { PARSER_VERSION } from "./version.ts";
export * as formats from "./formats.ts";
// Every fact key is built and taken apart by these (`<section>.<row>.<column>`).
export { appealKey, parseKey, type ParsedKey, proactiveKey, requestKey } from "./keys.ts";
