// OCR of scanned PDFs and images: pages rasterised locally (poppler's pdftoppm; ImageMagick for
// .jpg/.png), seal ink removed (red), table rulings removed and kept as the page's grid, Tesseract's
// simplified-Chinese model reads words with boxes, each word goes to its ruled cell (one item per
// cell, on the cell's middle line), every number cell's ink is read again by a digits-only pass, and
// the PDF path's row-band reader (src/parse/_pdf-rows.ts) rebuilds the table rows from the items.
// What the engines report (confidence, box) travels with each item so that every number read can
// say how sure the engines were and whether a seal lay over it.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PdfPage } from "../../_pdf-rows.ts";
import { findTool } from "../_tools.ts";
import { cellItems, labelsToReread, numberCells, placeWords } from "./_cells.ts";
import { digitReading, digitStrip, resolve, slotWords } from "./_digits.ts";
import { buildGrid, inkIn } from "./_grid.ts";
import { type Box, parsePpm, removeRulings, removeSeals } from "./_raster.ts";
import { type OcrItem, type OcrWord, parseTsv, trimJunk, wordsToItems } from "./_tsv.ts";

const run = promisify(execFile);

/**
 * Simplified Chinese with English: `eng` reads lone digits in table cells that `chi_sim` drops or is
 * unsure of (on the seed's 300 dpi page 3: 165 digit words found, 51 unsure, against 159 and 76).
 */
export const OCR_LANGS = "chi_sim+eng";
/** Rasterising resolution: 300 dpi is what Tesseract is trained for. */
export const OCR_DPI = 300;
/** Per page; a page Tesseract has not read in this time is abandoned. */
const PAGE_TIMEOUT_MS = 120_000;
/** Pages beyond this are not OCR'd (a report's tables are in its first pages; a scan of a book is not a report). */
export const MAX_OCR_PAGES = 12;
/** An ink run this long (inches) is a table ruling, not a stroke of a glyph… */
const RULING_INCHES = 0.2;
/** …when it is at most this thick (inches, ~1.2 pt): a display title's strokes are thicker. */
const RULING_THICK = 0.017;
const MAX_STDOUT = 256 * 1024 * 1024;

export class OcrError extends Error {
  override readonly name = "OcrError";
  constructor(
    readonly code: "OCR_MISSING" | "OCR_FAILED",
    msg: string,
    opts?: ErrorOptions,
  ) {
    super(msg, opts);
  }
}

export interface OcrPage extends PdfPage {
  items: OcrItem[];
  seals: Box[];
}

export interface OcrResult {
  pages: OcrPage[];
  /** e.g. "tesseract 5.3.0 chi_sim+eng, pdftoppm 300 dpi" */
  tool: string;
  /** Pages of the document not OCR'd (over MAX_OCR_PAGES). */
  skippedPages: number;
}

async function need(names: string[], pkg: string, what: string): Promise<string> {
  const bin = await findTool(names);
  if (!bin) throw new OcrError("OCR_MISSING", `${what} is not installed; install the Debian package ${pkg}`);
  return bin;
}

let langs: Promise<string> | undefined;
async function tesseract(): Promise<{ bin: string; version: string }> {
  const bin = await need(["tesseract"], "tesseract-ocr", "Tesseract (tesseract)");
  langs ??= run(bin, ["--list-langs"], { timeout: 30_000 }).then(
    async ({ stdout, stderr }) => {
      const v = await run(bin, ["--version"], { timeout: 30_000 }).catch(() => ({ stdout: "", stderr: "" }));
      const version = /tesseract [\d.]+/i.exec(`${v.stdout}${v.stderr}`)?.[0] ?? "tesseract";
      const have = `${stdout}${stderr}`.split(/\s+/);
      return have.includes("chi_sim") && have.includes("eng") ? version : "";
    },
    () => "",
  );
  const version = await langs;
  if (!version)
    throw new OcrError(
      "OCR_MISSING",
      "Tesseract lacks its simplified-Chinese or English model; install the Debian packages tesseract-ocr-chi-sim and tesseract-ocr-eng",
    );
  return { bin, version };
}

/** The second reading of numbers: English, digits only, the strip as a block of lines. */
const DIGIT_ARGS = ["-l", "eng", "--psm", "6", "-c", "tessedit_char_whitelist=0123456789."];
/** A doubtful row label read again on its own: Chinese only (English turns a blurred line into Latin words). */
const LABEL_ARGS = ["-l", "chi_sim", "--psm", "6"];

/** Environment for the tools: one OpenMP thread (Tesseract's threads spin and slow a shared machine 3×). */
const toolEnv = (home: string) => ({ ...process.env, OMP_THREAD_LIMIT: "1", HOME: home });

/** OCR one grey page image (PGM) → words with boxes and confidences. */
async function ocrPage(bin: string, pgm: string, dpi: number, dir: string, args = ["-l", OCR_LANGS]): Promise<string> {
  const { stdout } = await run(bin, [pgm, "stdout", ...args, "--dpi", String(dpi), "tsv"], {
    timeout: PAGE_TIMEOUT_MS,
    killSignal: "SIGKILL",
    maxBuffer: MAX_STDOUT,
    env: toolEnv(dir),
  });
  return stdout;
}

/** A word outside any ruled cell that may be a number: digits with at most a few specks around them. */
const NUMBERISH = /^[^\p{Script=Han}]{0,3}\d[\d.,]{0,14}[^\p{Script=Han}]{0,3}$/u;

/** One page: seals and rulings out, the page read, words into the grid's cells, the numbers read again. */
async function readPage(bin: string, ppm: Buffer, dpi: number, dir: string, n: number): Promise<OcrPage> {
  const { image } = parsePpm(ppm);
  const { width, height } = image;
  const { pgm, seals } = removeSeals(image);
  const rulings = removeRulings(
    pgm,
    width,
    height,
    Math.round(RULING_INCHES * dpi),
    Math.max(2, Math.round(RULING_THICK * dpi)),
  );
  const grid = buildGrid(rulings, dpi);
  const file = join(dir, `page-${n}.pgm`);
  await writeFile(file, pgm);
  const placed = placeWords(parseTsv(await ocrPage(bin, file, dpi, dir)), grid);
  const px = pgm.subarray(pgm.length - width * height);
  const numbers = numberCells(placed, grid, px, width, dpi);
  const loose = placed.loose.filter((w) => NUMBERISH.test(w.text));
  const doubtful = labelsToReread(placed, numbers);
  const inset = Math.max(2, 0.02 * dpi);
  // The two re-reads are independent small calls: run side by side (one thread each).
  const [digits, again] = await Promise.all([
    readStrip(
      bin,
      [...numbers.map((c) => c.ink), ...loose],
      { px, width, height, dpi, dir, name: `digits-${n}` },
      DIGIT_ARGS,
    ),
    readStrip(
      bin,
      doubtful.map(({ cell }) => inkIn(px, width, cell, inset) ?? cell),
      { px, width, height, dpi, dir, name: `labels-${n}` },
      LABEL_ARGS,
    ),
  ]);
  const readings = digits.map(digitReading);
  loose.forEach((w, i) => {
    const r = resolve(trimJunk(w.text, w.conf / 100), readings[numbers.length + i]);
    if (r) Object.assign(w, { text: r.text, conf: r.conf * 100 });
  });
  const labels = new Map(doubtful.map((cw, i) => [cw.cell.key, again[i]!]));
  const items = [
    ...cellItems(placed, numbers, readings.slice(0, numbers.length), labels, height),
    ...wordsToItems(placed.loose, height, grid),
  ];
  return { number: n, width, height, items, seals };
}

interface PageImage {
  px: Uint8Array;
  width: number;
  height: number;
  dpi: number;
  dir: string;
  name: string;
}

/** Boxes of a page stacked on one strip and read in one call: the words read in each box. */
async function readStrip(bin: string, boxes: readonly Box[], page: PageImage, args: string[]): Promise<OcrWord[][]> {
  const strip = digitStrip(boxes, page.px, page.width, page.height);
  if (!strip) return [];
  const file = join(page.dir, `${page.name}.pgm`);
  await writeFile(file, strip.pgm);
  return slotWords(strip, parseTsv(await ocrPage(bin, file, page.dpi, page.dir, args)));
}

async function readPages(ppms: Buffer[], dpi: number, dir: string, tool: string, skipped: number): Promise<OcrResult> {
  const { bin, version } = await tesseract();
  const pages: OcrPage[] = [];
  for (const [i, ppm] of ppms.entries()) pages.push(await readPage(bin, ppm, dpi, dir, i + 1));
  return { pages, tool: `${version} ${OCR_LANGS}, ${tool}`, skippedPages: skipped };
}

async function withDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "gongkai-ocr-"));
  try {
    return await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const failed = (what: string) => (cause: unknown) => {
  throw new OcrError("OCR_FAILED", `${what} failed: ${(cause as Error).message.split("\n")[0]}`, { cause });
};

/** OCR a PDF's pages (scanned, no text layer). */
export async function ocrPdf(bytes: Uint8Array, pageCount: number, dpi = OCR_DPI): Promise<OcrResult> {
  const pdftoppm = await need(["pdftoppm"], "poppler-utils", "poppler's pdftoppm");
  await tesseract();
  return withDir(async (dir) => {
    const input = join(dir, "in.pdf");
    await writeFile(input, bytes);
    const last = Math.min(pageCount || MAX_OCR_PAGES, MAX_OCR_PAGES);
    await run(pdftoppm, ["-r", String(dpi), "-f", "1", "-l", String(last), input, join(dir, "page")], {
      timeout: PAGE_TIMEOUT_MS * last,
      killSignal: "SIGKILL",
      env: toolEnv(dir),
    }).catch(failed("pdftoppm"));
    const files = (await readdir(dir)).filter((f) => /^page-\d+\.ppm$/.test(f));
    files.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    const ppms = await Promise.all(files.map((f) => readFile(join(dir, f))));
    return readPages(ppms, dpi, dir, `pdftoppm ${dpi} dpi`, Math.max(0, pageCount - last));
  });
}

/** A photo or scan of an A4 page: its resolution from its width (the file's own dpi tag is rarely right). */
const A4_INCHES = 8.27;

/** OCR one image file (.jpg, .png, …). */
export async function ocrImage(bytes: Uint8Array, ext: string): Promise<OcrResult> {
  const convert = await need(["magick", "convert"], "imagemagick", "ImageMagick (convert)");
  await tesseract();
  return withDir(async (dir) => {
    const input = join(dir, `in.${ext.replace(/[^a-z0-9]/gi, "") || "img"}`);
    await writeFile(input, bytes);
    const out = join(dir, "page-1.ppm");
    // Flattened on white (a transparent PNG), turned upright by its EXIF orientation, straightened
    // (a photo is rarely square to the page; rows and rulings must be level), 8-bit RGB.
    await run(
      convert,
      [
        `${input}[0]`,
        "-auto-orient",
        "-background",
        "white",
        "-flatten",
        "-deskew",
        "40%",
        "+repage",
        "-depth",
        "8",
        "-type",
        "TrueColor",
        `ppm:${out}`,
      ],
      { timeout: PAGE_TIMEOUT_MS, killSignal: "SIGKILL", env: toolEnv(dir) },
    ).catch(failed("ImageMagick"));
    const ppm = await readFile(out);
    const { image } = parsePpm(ppm);
    const dpi = Math.max(70, Math.round(Math.min(image.width, image.height) / A4_INCHES));
    return readPages([ppm], dpi, dir, `image ${image.width}×${image.height} (≈${dpi} dpi)`, 0);
  });
}
