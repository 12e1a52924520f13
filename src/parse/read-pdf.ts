// PDF attachments (docs/spec/FORMATS.md §10.3, docs/parse.md): pdf.js text items with their coordinates, rows
// rebuilt from positions (not text order, not getTable), garbled text layers refused.
import { detectGarble } from "./_pdf-garble.ts";
import { type PdfItem, type PdfPage, rebuildRows } from "./_pdf-rows.ts";
import { extractPdfText, PDF_HEAP_MB, type RawPdfItem } from "./_pdf-worker.ts";
import { ParseError } from "./errors.ts";
import type { ReadDoc } from "./types.ts";

/** A PDF that pdf.js cannot finish in this time is abandoned as unreadable (hostile or broken files). */
const PDF_TIMEOUT_MS = 60_000;

/** Load a PDF and return its pages' positioned text items. Throws UNREADABLE when pdf.js cannot open it. */
export async function loadPdfPages(bytes: Uint8Array, path: string): Promise<PdfPage[]> {
  let reply;
  try {
    reply = await extractPdfText(bytes, PDF_TIMEOUT_MS);
  } catch (cause) {
    if ((cause as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY")
      throw new ParseError("TOO_LARGE", path, `reading the PDF needs more than ${PDF_HEAP_MB} MB of memory`, { cause });
    throw new ParseError("UNREADABLE", path, `pdf.js failed: ${(cause as Error).message}`, { cause });
  }
  if (reply.error) {
    const what = reply.error.stage === "open" ? "cannot open the file" : `cannot read ${reply.error.stage}`;
    throw new ParseError("UNREADABLE", path, `pdf.js ${what}: ${reply.error.message}`, {
      cause: new Error(reply.error.message),
    });
  }
  return (reply.pages ?? []).map((p) => {
    const [x0, y0, x1, y1] = p.view as [number, number, number, number];
    return { number: p.number, width: x1 - x0, height: y1 - y0, items: p.items.map((it) => toItem(it, x0, y0)) };
  });
}

function toItem(it: RawPdfItem, x0: number, y0: number): PdfItem {
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
    flags.push({
      key: null,
      code: "NO_TEXT_LAYER",
      message: "the PDF has no text layer (scanned pages?); nothing can be read",
    });
  }
  return { shape: "pdf-text", segments, text, meta: {}, flags };
}
