// pdf.js runs in a worker thread of its own. Its legacy build (the one Node 20 needs) installs
// core-js polyfills on import that replace Array.prototype.push, JSON.parse, AbortSignal and more
// in whatever realm loads it; in the main thread that slowed every later parse and load and
// changed the AbortSignal undici uses. In a worker those changes stay inside the worker. The worker
// also lets a hostile PDF be stopped: a document that takes too long is abandoned with the worker.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

export interface RawPdfItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}
export interface RawPdfPage {
  number: number;
  view: number[];
  items: RawPdfItem[];
}

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve("pdfjs-dist/package.json"));

/** Plain JavaScript run with `eval`, so the same code works from src/ (vitest) and dist/. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const lib = import(workerData.pdfjs);
parentPort.on("message", async ({ id, bytes }) => {
  let doc, task;
  try {
    const { getDocument } = await lib;
    // CMaps and standard fonts come from files in Node; without the CMaps, 公文 fonts (GBK-EUC-H,
    // Adobe-GB1) lose their text silently. The folder URLs need a trailing slash.
    task = getDocument({ data: bytes, cMapUrl: workerData.cmaps, cMapPacked: true, standardFontDataUrl: workerData.fonts,
      disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 });
    doc = await task.promise;
  } catch (e) {
    if (task) await task.destroy().catch(() => {});
    parentPort.postMessage({ id, error: { stage: "open", message: String(e && e.message || e) } });
    return;
  }
  const pages = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = [];
      for (const it of content.items) if ("str" in it && it.str !== "") items.push({ str: it.str, transform: it.transform, width: it.width, height: it.height });
      pages.push({ number: n, view: page.view, items });
      page.cleanup();
    }
    parentPort.postMessage({ id, pages });
  } catch (e) {
    parentPort.postMessage({ id, error: { stage: "page " + (pages.length + 1), message: String(e && e.message || e) } });
  } finally {
    await doc.destroy().catch(() => {});
  }
});
`;

type Reply = { id: number; pages?: RawPdfPage[]; error?: { stage: string; message: string } };
interface Pending {
  resolve(r: Reply): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/** The PDF worker's heap (docs/parse.md, "Limits"): a report PDF needs tens of MB; past this it is TOO_LARGE. */
export const PDF_HEAP_MB = 768;

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

function failAll(err: Error): void {
  for (const p of pending.values()) {
    clearTimeout(p.timer);
    p.reject(err);
  }
  pending.clear();
  worker = null;
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    // pdf.js holds a whole document's objects: a hostile or huge stream ends the worker, not the process.
    resourceLimits: { maxOldGenerationSizeMb: PDF_HEAP_MB },
    workerData: {
      pdfjs: pathToFileURL(join(PDFJS_DIR, "legacy/build/pdf.mjs")).href,
      cmaps: `${join(PDFJS_DIR, "cmaps")}/`,
      fonts: `${join(PDFJS_DIR, "standard_fonts")}/`,
    },
  });
  w.unref(); // an idle PDF worker never keeps a command alive
  w.on("message", (r: Reply) => {
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    clearTimeout(p.timer);
    if (pending.size === 0) w.unref();
    p.resolve(r);
  });
  w.on("error", (e) => failAll(e));
  w.on("exit", (code) => {
    if (worker === w) failAll(new Error(`the PDF worker exited (code ${code})`));
  });
  worker = w;
  return w;
}

/** Text items of every page, from pdf.js in the worker. Rejects on a worker crash or after `timeoutMs`. */
export function extractPdfText(bytes: Uint8Array, timeoutMs: number): Promise<Reply> {
  const w = getWorker();
  const id = nextId++;
  // A copy is transferred: pdf.js detaches the buffer it is given, and the caller keeps its bytes.
  const copy = new Uint8Array(bytes);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      // The worker may be stuck in this document: abandon it; the next PDF starts a fresh one.
      if (worker === w) {
        worker = null;
        void w.terminate();
        failAll(new Error("PDF worker restarted"));
      }
      reject(new Error(`pdf.js took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    pending.set(id, { resolve, reject, timer });
    w.ref();
    w.postMessage({ id, bytes: copy }, [copy.buffer]);
  });
}
