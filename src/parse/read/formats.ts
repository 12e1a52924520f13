// The formats beyond text, HTML and a PDF's text layer (docs/spec/FORMATS.md §10.6): Office packages
// (DOCX, XLSX) read from their XML; binary Office files (DOC, WPS, XLS, ET) converted by LibreOffice
// first; images and scanned PDFs read by OCR. Each returns the reader's document plus the rendition
// the facts come from; `parseDocument` recognises and assembles it like any other.
import { extname } from "node:path";
import { ParseError } from "../errors.ts";
import { readHtml } from "../read-html.ts";
import type { ParseResult, ReadDoc, Rendition } from "../types.ts";
import { ConvertError, convertWithLibreOffice, type Target } from "./office/convert.ts";
import { docxToHtml, OfficeFormatError } from "./office/read-docx.ts";
import { xlsxToHtml } from "./office/read-xlsx.ts";
import { isZip, ZipError, zipEntries, zipText } from "./office/_zip.ts";
import { MAX_OCR_PAGES, OcrError, type OcrResult, ocrImage, ocrPdf } from "./ocr/ocr.ts";
import { guardOcr, readOcrPages } from "./ocr/read-ocr.ts";

export interface OtherDoc {
  doc: ReadDoc;
  media_type: string;
  rendition: Rendition;
  /** Applied to the assembled result (OCR marks its cells and flags doubtful numbers). */
  guard?: (r: ParseResult) => ParseResult;
}

const MEDIA: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  // As the crawler names them (src/crawl/classify.ts): WPS's .wps/.et are Word 97 / BIFF8 files.
  wps: "application/vnd.ms-works",
  et: "application/vnd.ms-excel",
  png: "image/png",
  jpg: "image/jpeg",
  tif: "image/tiff",
  gif: "image/gif",
  webp: "image/webp",
};

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x);

/** An image format by its magic bytes. */
function imageKind(b: Uint8Array): string | undefined {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47])) return "png";
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return "tif";
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38])) return "gif";
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && Buffer.from(b.subarray(8, 12)).toString("latin1") === "WEBP")
    return "webp";
  return undefined;
}

const utf16 = (s: string) => Buffer.from(s, "utf16le");

/** A compound (OLE) file's kind: its stream names say Word or Excel; the file name says WPS or ET. */
function oleKind(b: Uint8Array, path: string): { ext: string; target: Target } {
  const ext = extname(path).slice(1).toLowerCase();
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const word = buf.includes(utf16("WordDocument"));
  const sheet = buf.includes(utf16("Workbook")) || buf.includes(utf16("Book\0"));
  if (word && !sheet) return { ext: ext === "wps" ? "wps" : "doc", target: "docx" };
  if (sheet && !word) return { ext: ext === "et" ? "et" : "xls", target: "xlsx" };
  if (ext === "xls" || ext === "et") return { ext, target: "xlsx" };
  return { ext: ext === "wps" ? "wps" : "doc", target: "docx" };
}

function readOoxml(bytes: Uint8Array, path: string): { doc: ReadDoc; kind: "docx" | "xlsx" } {
  try {
    const types = zipText(bytes, zipEntries(bytes), "[Content_Types].xml") ?? "";
    if (types.includes("spreadsheetml.sheet.main") || types.includes("spreadsheetml.template.main"))
      return { doc: readHtml(xlsxToHtml(bytes)), kind: "xlsx" };
    if (types.includes("wordprocessingml.document.main") || types.includes("wordprocessingml.template.main"))
      return { doc: readHtml(docxToHtml(bytes)), kind: "docx" };
  } catch (cause) {
    if (cause instanceof ZipError || cause instanceof OfficeFormatError)
      throw new ParseError("UNREADABLE", path, `broken Office package: ${cause.message}`, { cause });
    throw cause;
  }
  throw new ParseError(
    "UNSUPPORTED",
    path,
    "a ZIP file that is neither a Word (DOCX) nor a spreadsheet (XLSX) document",
  );
}

/** Tool errors keep their code (CONVERTER_MISSING, OCR_MISSING, …) as a ParseError's. */
function rethrow(path: string) {
  return (cause: unknown): never => {
    if (cause instanceof ConvertError || cause instanceof OcrError)
      throw new ParseError(cause.code, path, cause.message, { cause });
    throw cause;
  };
}

/**
 * Office documents and images: their document and rendition, or undefined for bytes of another kind
 * (text, HTML, PDF). Throws ParseError (CONVERTER_MISSING, OCR_MISSING, …) when a tool is needed and absent.
 */
export async function readOtherFormat(bytes: Uint8Array, path: string): Promise<OtherDoc | undefined> {
  if (isZip(bytes)) {
    const { doc, kind } = readOoxml(bytes, path);
    return { doc, media_type: MEDIA[kind]!, rendition: { method: kind, read: kind } };
  }
  if (startsWith(bytes, OLE)) {
    const { ext, target } = oleKind(bytes, path);
    const conv = await convertWithLibreOffice(bytes, ext, target).catch(rethrow(path));
    const { doc } = readOoxml(conv.bytes, path);
    return { doc, media_type: MEDIA[ext]!, rendition: { method: "libreoffice", read: target, tool: conv.tool } };
  }
  if (imageKind(bytes)) return readPageImages([{ bytes, path }]);
  return undefined;
}

/**
 * Images OCR'd one after another and read as the pages of one document, in the order given: one image
 * file, or the images a report page prints its tables in (one per table, or per page of a scan).
 */
export async function readPageImages(images: readonly { bytes: Uint8Array; path: string }[]): Promise<OtherDoc> {
  const pages: OcrResult["pages"] = [];
  const kinds = new Set<string>();
  let tool = "";
  let skippedPages = 0;
  for (const img of images) {
    const kind = imageKind(img.bytes);
    if (!kind) throw new ParseError("BINARY", img.path, "not an image this reader knows (PNG, JPEG, TIFF, GIF, WebP)");
    kinds.add(kind);
    if (pages.length >= MAX_OCR_PAGES) {
      skippedPages++;
      continue;
    }
    const ocr = await ocrImage(img.bytes, kind).catch(rethrow(img.path));
    tool = ocr.tool;
    for (const p of ocr.pages) pages.push({ ...p, number: pages.length + 1 });
  }
  const { doc, where } = readOcrPages({ pages, tool, skippedPages });
  return {
    doc,
    media_type: kinds.size === 1 ? MEDIA[[...kinds][0]!]! : "image/*",
    rendition: { method: "ocr", read: "page images", tool },
    guard: (r) => guardOcr(r, where),
  };
}

/** A PDF whose text layer holds (almost) nothing: its pages are scans. */
export function isScanned(doc: ReadDoc, pages: number): boolean {
  return doc.text.replace(/\s+/g, "").length < 40 * Math.max(1, pages);
}

/** OCR a scanned PDF. */
export async function readScannedPdf(bytes: Uint8Array, path: string, pages: number): Promise<OtherDoc> {
  const ocr = await ocrPdf(bytes, pages).catch(rethrow(path));
  const { doc, where } = readOcrPages(ocr);
  return {
    doc,
    media_type: "application/pdf",
    rendition: { method: "ocr", read: "page images", tool: ocr.tool },
    guard: (r) => guardOcr(r, where),
  };
}
