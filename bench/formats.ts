// Office documents and scans, each against a baseline measured in the same run: DOCX parsing against the same
// report as an HTML page; a LibreOffice conversion against soffice converting a one-line document (same
// private-profile set-up); OCR of a 300 dpi page (the prose page and a table page) against `tesseract` alone on the same rasterised page.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseDocument } from "../src/parse/index.ts";
import { convertWithLibreOffice, findSoffice } from "../src/parse/read/office/convert.ts";
import { OCR_LANGS, ocrPdf } from "../src/parse/read/ocr/ocr.ts";
import { readOcrPages } from "../src/parse/read/ocr/read-ocr.ts";
import type { BenchSection } from "./index.ts";

const FX = "test/fixtures";

async function median(fn: () => unknown, n: number, warm = 1): Promise<number> {
  for (let i = 0; i < warm; i++) await fn();
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    s.push(performance.now() - t0);
  }
  s.sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function withTmp<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-bench-"));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : Math.round(ms).toLocaleString("en"));

/** Our OCR of one page of a scanned PDF (cut out with pdfseparate) and Tesseract alone on it, medians of 3. */
async function ocrPage(scan: Buffer, pageNo: number): Promise<{ ours: number; alone: number }> {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-bench-"));
  try {
    const pdf = join(dir, "in.pdf");
    writeFileSync(pdf, scan);
    execFileSync("pdfseparate", ["-f", String(pageNo), "-l", String(pageNo), pdf, join(dir, "one.pdf")]);
    const one = readFileSync(join(dir, "one.pdf"));
    const ours = await median(async () => readOcrPages(await ocrPdf(one, 1)), 3, 1);
    execFileSync("pdftoppm", ["-r", "300", "-gray", join(dir, "one.pdf"), join(dir, "p")]);
    const page = join(dir, readdirSync(dir).find((f) => /^p-\d+\.pgm$/.test(f))!);
    const env = { ...process.env, OMP_THREAD_LIMIT: "1" };
    const run = () =>
      execFileSync("tesseract", [page, "stdout", "-l", OCR_LANGS, "--dpi", "300", "tsv"], {
        env,
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 64 * 2 ** 20,
      });
    const alone = await median(run, 3, 1);
    return { ours, alone };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function bench(): Promise<BenchSection> {
  const rows: string[] = [];
  const verdicts: string[] = [];
  const load = os.loadavg().map((x) => x.toFixed(2));

  // DOCX vs the same report's HTML page.
  const docx = readFileSync(`${FX}/office/seed.docx`);
  const html = readFileSync(`${FX}/parse/html/seed-2021.utf8.html`);
  const tDocx = await median(() => parseDocument({ bytes: docx, path: "seed.docx" }), 200, 20);
  const tHtml = await median(() => parseDocument({ bytes: html, path: "seed.html" }), 200, 20);
  rows.push(
    `| DOCX, seed (${Math.round(docx.length / 1024)} KB) | ${fmt(tDocx)} ms | the seed's HTML page, parsed | ${fmt(tHtml)} ms | ${(tDocx / tHtml).toFixed(1)}× | ≤ 50 ms/report |`,
  );
  verdicts.push(`DOCX ≤ 50 ms/report: ${tDocx <= 50 ? "met" : "**NOT met**"} (${fmt(tDocx)} ms).`);

  // LibreOffice: one conversion (fresh private profile, as in production) vs the converter's own start-up
  // for a conversion: soffice converting a one-line text file to DOCX the same way. `--terminate_after_init`
  // quits before Writer and the export filters load (about a tenth of a conversion), so it is shown but is
  // not the baseline.
  const soffice = await findSoffice();
  if (soffice) {
    const doc = readFileSync(`${FX}/office/seed.doc`);
    const sofficeRun = (args: (dir: string) => string[]) => () =>
      withTmp((dir) =>
        execFileSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(dir, "p")).href}`, ...args(dir)], {
          env: { ...process.env, HOME: dir },
          stdio: "ignore",
        }),
      );
    const init = await median(
      sofficeRun(() => ["--headless", "--terminate_after_init"]),
      3,
      0,
    );
    const bare = await median(
      sofficeRun((dir) => {
        writeFileSync(join(dir, "one.txt"), "一\n");
        return [
          "--headless",
          "--norestore",
          "--convert-to",
          "docx:MS Word 2007 XML",
          "--outdir",
          dir,
          join(dir, "one.txt"),
        ];
      }),
      3,
      0,
    );
    const conv = await median(() => convertWithLibreOffice(doc, "doc", "docx"), 3, 0);
    const full = await median(() => parseDocument({ bytes: doc, path: "seed.doc" }), 3, 0);
    rows.push(
      `| DOC → DOCX conversion, seed | ${fmt(conv)} ms | soffice converting a one-line text file to DOCX (fresh profile): the converter's start-up | ${fmt(bare)} ms | ${(conv / bare).toFixed(2)}× | ≤ 1.5× |`,
      `| DOC parse (conversion + DOCX read), seed | ${fmt(full)} ms | same | ${fmt(bare)} ms | ${(full / bare).toFixed(2)}× | — |`,
      `| (for reference) soffice --terminate_after_init, fresh profile | ${fmt(init)} ms | — | — | — | — |`,
    );
    verdicts.push(
      `LibreOffice conversion within 1.5× of the converter's own start-up: ${conv <= 1.5 * bare ? "met" : "**NOT met**"} (${(conv / bare).toFixed(2)}×).`,
    );
  } else rows.push("| DOC → DOCX conversion | — | LibreOffice not installed | — | — | — |");

  // OCR of one 300 dpi page: ours (rasterise, seal and ruling removal, Tesseract, the digit and label
  // re-reads, row rebuild) vs Tesseract alone on the page pdftoppm makes from the same PDF, with the
  // same thread limit. Page 1 is prose; page 3 is section 三's table, where the re-reads happen.
  const scan = readFileSync(`${FX}/scan/seed-300.pdf`);
  for (const pageNo of [1, 3]) {
    try {
      const r = await ocrPage(scan, pageNo);
      rows.push(
        `| OCR, one 300 dpi page (seed p. ${pageNo}) | ${fmt(r.ours)} ms | tesseract alone on the same page (${OCR_LANGS}, TSV) | ${fmt(r.alone)} ms | ${(r.ours / r.alone).toFixed(2)}× | ≤ 1.5× |`,
      );
      verdicts.push(
        `OCR of p. ${pageNo} within 1.5× of Tesseract alone: ${r.ours <= 1.5 * r.alone ? "met" : "**NOT met**"} (${(r.ours / r.alone).toFixed(2)}×).`,
      );
    } catch (e) {
      rows.push(`| OCR p. ${pageNo} | — | unavailable: ${(e as Error).message.slice(0, 80)} | — | — | ≤ 1.5× |`);
    }
  }

  return {
    title: "formats",
    markdown: [
      `Load average at start: ${load.join(", ")} (other jobs shared the machine; the ratios are what counts).`,
      "Medians: DOCX and HTML of 200 calls after warm-up; LibreOffice and OCR of 3 runs. Tesseract runs with OMP_THREAD_LIMIT=1 in both columns.",
      "",
      "| what | ours | baseline | baseline time | ours ÷ baseline | target |",
      "|---|---|---|---|---|---|",
      ...rows,
      "",
      ...verdicts,
    ].join("\n"),
  };
}
