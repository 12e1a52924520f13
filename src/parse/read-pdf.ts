// PDF attachments (FORMATS.md §10.3, PARSE.md §4): pdf.js text items with their coordinates, rows
// rebuilt from positions (not text order, not getTable), garbled text layers refused.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { detectGarble } from "./_pdf-garble.ts";
import { type PdfItem, type PdfPage, rebuildRows } from "./_pdf-rows.ts";
import { ParseError } from "./errors.ts";
import type { ReadDoc } from "./types.ts";

// pdf.js reads CMaps and standard fonts from files in Node; without the CMaps, 公文 fonts
// (GBK-EUC-H, Adobe-GB1) lose their text silently. The folder URLs need a trailing slash.
const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
const CMAP_URL = join(PDFJS_DIR, "cmaps") + "/";
const STANDARD_FONT_URL = join(PDFJS_DIR, "standard_fonts") + "/";

/** Load a PDF and return its pages' positioned text items. Throws UNREADABLE when pdf.js cannot open it. */
export async function loadPdfPages(bytes: Uint8Array, path: string): Promise<PdfPage[]> {
  // pdf.js transfers (detaches) the buffer it is given; hand it a copy so the caller's bytes survive.
  const task = getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_URL,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (cause) {
    await task.destroy();
    throw new ParseError("UNREADABLE", path, `pdf.js cannot open the file: ${(cause as Error).message ?? String(cause)}`, { cause });
  }
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const [x0, y0, x1, y1] = page.view as [number, number, number, number];
        const content = await page.getTextContent();
        const items: PdfItem[] = [];
        for (const it of content.items) if ("str" in it && it.str !== "") items.push(toItem(it, x0, y0));
        pages.push({ number: n, width: x1 - x0, height: y1 - y0, items });
        page.cleanup();
      } catch (cause) {
        throw new ParseError("UNREADABLE", path, `pdf.js cannot read page ${n}: ${(cause as Error).message ?? String(cause)}`, { cause });
      }
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

function toItem(it: TextItem, x0: number, y0: number): PdfItem {
  const [a, b, c, d, e, f] = it.transform as [number, number, number, number, number, number];
  const size = Math.hypot(c, d) || Math.hypot(a, b) || it.height;
  return { str: it.str, x: e - x0, y: f - y0, w: it.width, size, vertical: Math.abs(b) > Math.abs(a) };
}

/** The PDF reader of `parseDocument`: segments in corrected reading order, plain text, garble flags. */
export async function readPdf(bytes: Uint8Array, path: string): Promise<ReadDoc> {
  return readPdfPages(await loadPdfPages(bytes, path));
}

/** Pure half of readPdf: positioned items → ReadDoc. */
export function readPdfPages(pages: readonly PdfPage[]): ReadDoc {
  const pageTexts = pages.map((p) => ({ number: p.number, text: p.items.map((i) => i.str).join("") }));
  const flags = detectGarble(pageTexts);
  const { segments, text } = rebuildRows(pages);
  if (pages.every((p) => p.items.length === 0)) {
    flags.push({ key: null, code: "NO_TEXT_LAYER", message: "the PDF has no text layer (scanned pages?); nothing can be read" });
  }
  return { shape: "pdf-text", segments, text, meta: {}, flags };
}
