// Entry points of the parse stage. `parseText` is pure; `parseDocument` takes bytes (HTML, text or
// PDF, sniffed by content), decodes them once and dispatches to the reader for their shape.
import { createHash } from "node:crypto";
import { htmlToText } from "./_html-scan.ts";
import { decodeBytes } from "./decode.ts";
import { ParseError } from "./errors.ts";
import { FORM_MARKERS, LEGACY_HEADING_WORDS } from "./formats.ts";
import { dropWhitespace, normalizeText, squeeze } from "./normalize.ts";
import { assembleReport } from "./report.ts";
import { isBarText, readBarText, readCellLines } from "./read-text.ts";
import { isGluedText, readGluedText } from "./read-glued.ts";
import { isHtml, readHtml } from "./read-html.ts";
import { loadPdfPages, readPdfPages } from "./read-pdf.ts";
import { isScanned, type OtherDoc, readOtherFormat, readPageImages, readScannedPdf } from "./read/formats.ts";
import { SECTIONS } from "./formats.ts";
import type { Flag, PageMeta, ParseResult, ReadDoc } from "./types.ts";

export interface ParseTextOptions {
  path?: string;
  meta?: PageMeta;
  mediaType?: string;
  sha256?: string;
  charset?: string /** Flags raised before the text existed (decoding). */;
  flags?: Flag[];
}

/**
 * Does this text read as an annual disclosure report? The form's table labels, or the report's
 * title phrase with at least three of its section headings (the 2019 form's, or a pre-2019 report's).
 * Work-plan letters (`工作要点落实情况的函`) listed in the same column fail both.
 */
export function recognizeReport(text: string): boolean {
  const s = squeeze(text);
  if (!s.includes("信息公开")) return false;
  if (FORM_MARKERS.filter((m) => s.includes(m)).length >= 2) return true;
  const headings = SECTIONS.filter((sec) => new RegExp(sec.match.source.replace(/^\^/, "")).test(s)).length;
  const legacy = LEGACY_HEADING_WORDS.filter((w) =>
    new RegExp(`(?<![第\\d])[一二三四五六七八九十]{1,2}[、.][^。,;:，；：]{0,14}?${w}`).test(s),
  ).length;
  return /信息公开(?:工作)?(?:年度)?报告/.test(s) && (headings >= 3 || legacy >= 3);
}

/**
 * Is this decoded page or text a report? The one recognition of a page, on parse's fast page text
 * (src/parse/_html-scan.ts): the crawler classes what it fetched with it, and its verdict travels with
 * the document (`recognized`) so `gongkai run` does not ask again; parseDocument gives the same verdict
 * for a local file. A page that names a report and prints its headings but no tables (the tables are in an
 * attachment or in images) is a report: it is read, and says TABLE_NOT_FOUND.
 */
export function recognizePage(decoded: string, mediaType: string): boolean {
  return recognizeReport(mediaType === "text/html" ? htmlToText(decoded) : decoded);
}

function textShape(text: string): ReadDoc["shape"] {
  if (isBarText(text)) return "bar-text";
  if (isGluedText(text)) return "glued-text";
  return "cell-lines";
}

/** Parse decoded report text (bar-text, glued page text, or one cell per line). */
export function parseText(text: string, opts: ParseTextOptions = {}): ParseResult {
  // Normalised once here; the readers and the assembler are told so instead of doing it again.
  const norm = normalizeText(text);
  const shape = textShape(norm);
  const segments =
    shape === "bar-text"
      ? readBarText(norm, { normalized: true })
      : shape === "glued-text"
        ? readGluedText(norm)
        : readCellLines(norm, { normalized: true });
  const doc: ReadDoc = {
    shape,
    segments,
    text: norm,
    flat: dropWhitespace(norm),
    meta: opts.meta ?? {},
    flags: opts.flags ?? [],
  };
  return assembleReport(doc, {
    path: opts.path ?? "-",
    sha256: opts.sha256 ?? createHash("sha256").update(text, "utf8").digest("hex"),
    media_type: opts.mediaType ?? "text/plain",
    ...(opts.charset ? { charset: opts.charset } : {}),
  });
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const hasUtf16Bom = (b: Uint8Array) => (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
const isPdf = (b: Uint8Array) => b.length >= 5 && Buffer.from(b.subarray(0, 1024)).includes("%PDF-");

/** NUL bytes or many control characters in the head: a binary that is not a PDF. */
function looksBinary(b: Uint8Array): boolean {
  const head = b.subarray(0, 4096);
  let ctrl = 0;
  for (const x of head) {
    if (x === 0) return true;
    if (x < 9 || (x > 13 && x < 32)) ctrl++;
  }
  return ctrl > head.length * 0.05;
}

/**
 * Size limits that bound the parser's memory (docs/parse.md, "Limits"). A real report page is well under
 * 2 MB and a report PDF rarely over 20 MB; a DOM or a pdf.js document costs 15–30× its bytes.
 */
export const PARSE_LIMITS = { maxTextBytes: 16 * 1024 * 1024, maxPdfBytes: 48 * 1024 * 1024 } as const;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export interface ParseInput {
  bytes: Uint8Array;
  path: string;
  contentType?: string;
  meta?: PageMeta;
  /** The bytes' sha256 when the caller has it already (the crawler's source record): not hashed again. */
  sha256?: string;
  /** The charset the crawler decoded these bytes with: tried first, as a declared charset would be. */
  charset?: string;
  /**
   * The crawler already recognised this page as a report (recognizePage, on the same decoded text):
   * not checked again. @default false
   */
  recognized?: boolean;
}

/** Parse one document's bytes. Throws ParseError (with the path) when it is not a readable report. */
export async function parseDocument(input: ParseInput): Promise<ParseResult> {
  const { bytes, path } = input;
  const sha256 = input.sha256 ?? sha256Hex(bytes);
  if (bytes.length === 0 || (bytes.length < 64 && Buffer.from(bytes).toString("utf8").trim() === "")) {
    throw new ParseError("EMPTY", path, "the file is empty");
  }
  const pdf = isPdf(bytes);
  const limit = pdf ? PARSE_LIMITS.maxPdfBytes : PARSE_LIMITS.maxTextBytes;
  if (bytes.length > limit)
    throw new ParseError(
      "TOO_LARGE",
      path,
      `${mb(bytes.length)} is over the ${mb(limit)} limit for a ${pdf ? "PDF" : "page"}`,
    );
  const other = await readOtherFormat(bytes, path);
  if (other) return assembleOther(other, input, sha256);
  if (pdf) {
    const pages = await loadPdfPages(bytes, path);
    const doc = readPdfPages(pages);
    if (isScanned(doc, pages.length))
      return assembleOther(await readScannedPdf(bytes, path, pages.length), input, sha256);
    if (!recognizeReport(doc.text) && !doc.flags.some((f) => f.code === "GARBLED_TEXT")) {
      throw new ParseError(
        "NOT_A_REPORT",
        path,
        "the PDF's text is not a government information disclosure annual report",
      );
    }
    return assembleReport(
      { ...doc, meta: { ...doc.meta, ...input.meta } },
      { path, sha256, media_type: "application/pdf" },
    );
  }
  // UTF-16 text is full of NUL bytes: its BOM says it is text before the binary test can refuse it.
  if (!hasUtf16Bom(bytes) && looksBinary(bytes))
    throw new ParseError("BINARY", path, "binary content that is neither text, HTML nor PDF");
  const contentType = input.charset ? `text/plain; charset=${input.charset}` : input.contentType;
  const decoded = decodeBytes(bytes, contentType ? { contentType } : {});
  const text = decoded.text;
  if (text.trim() === "") throw new ParseError("EMPTY", path, "no text after decoding");
  // Bytes no charset decodes cleanly: a number next to a U+FFFD may have lost a digit, so say so.
  const lossy: Flag[] = decoded.lossy
    ? [
        {
          key: null,
          code: "ENCODING_LOSSY",
          message: `bytes that no candidate charset decodes cleanly (used ${decoded.charset.used}; declared ${decoded.charset.declared ?? "none"})`,
        },
      ]
    : [];
  if (decoded.mismatch) lossy.push({ key: null, code: "CHARSET_MISMATCH", message: decoded.mismatch });
  if (isHtml(text)) {
    const doc = readHtml(text);
    // The crawler's verdict (recognizePage on the page's whole text). The reader's text is part of that
    // text, so when it reads as a report the page does too and the second scan (8% of a parse) is
    // skipped; test/parse/recognize.test.ts holds the two verdicts equal on every fixture page.
    if (!input.recognized && !recognizeReport(doc.text) && !recognizePage(text, "text/html"))
      throw new ParseError("NOT_A_REPORT", path, "the page is not a government information disclosure annual report");
    return assembleReport(
      { ...doc, flags: [...lossy, ...doc.flags], meta: { ...doc.meta, ...input.meta } },
      { path, sha256, media_type: "text/html", charset: decoded.charset.used },
    );
  }
  if (!input.recognized && !recognizePage(text, "text/plain"))
    throw new ParseError("NOT_A_REPORT", path, "the text is not a government information disclosure annual report");
  const opts: ParseTextOptions = { path, sha256, mediaType: "text/plain", charset: decoded.charset.used, flags: lossy };
  if (input.meta) opts.meta = input.meta;
  return parseText(text, opts);
}

export interface ImagesInput {
  /** The images in the order the page shows them. */
  images: readonly { bytes: Uint8Array; path: string }[];
  /** What the report is known by (the page's address with `#images`). */
  path: string;
  /** Of the set (ingest derives it from the images' own hashes, in order). */
  sha256: string;
  meta?: PageMeta;
}

/**
 * Parse the images a report page prints its tables in, OCR'd as the pages of one document: sections 二,
 * 三 and 四 in three images are one report, not three fragments. Throws ParseError like parseDocument.
 */
export async function parseImages(input: ImagesInput): Promise<ParseResult> {
  if (input.images.length === 0) throw new ParseError("EMPTY", input.path, "no images");
  return assembleOther(await readPageImages(input.images), input, input.sha256);
}

/** Office documents, images and scans (src/parse/read/): recognised and assembled like a page, then guarded. */
function assembleOther(other: OtherDoc, input: Pick<ParseInput, "path" | "meta">, sha256: string): ParseResult {
  const { doc } = other;
  if (!recognizeReport(doc.text))
    throw new ParseError(
      "NOT_A_REPORT",
      input.path,
      `the ${other.rendition.read} (${other.rendition.method}) is not a government information disclosure annual report`,
    );
  const r = assembleReport(
    { ...doc, meta: { ...doc.meta, ...input.meta } },
    { path: input.path, sha256, media_type: other.media_type, rendition: other.rendition },
  );
  return other.guard ? other.guard(r) : r;
}
