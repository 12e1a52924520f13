// Parse throughput per shape, each against a baseline measured in the same run: reading and
// splitting the same file (text shapes), or poppler's `pdftotext` on the same PDF.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseDocument, parseText } from "../src/parse/index.ts";
import type { BenchSection } from "./index.ts";

const FX = "test/fixtures";
interface Row {
  shape: string;
  file: string;
  ours: number;
  base: number;
  unit: string;
  baseName: string;
  target: string;
}

/** Median ms per call over `n` timed calls after warm-up. */
async function timeMs(fn: () => unknown, n: number): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function textShape(
  shape: string,
  file: string,
  target: string,
  transform: (t: string) => string = (t) => t,
): Promise<Row | null> {
  if (!existsSync(file)) return null;
  const n = 2000;
  const base = await timeMs(() => transform(readFileSync(file, "utf8")).split("\n").length, n);
  const ours = await timeMs(() => parseText(transform(readFileSync(file, "utf8"))), n);
  return { shape, file, ours, base, unit: "ms/report", baseName: "read + split lines", target };
}

async function docShape(shape: string, file: string, target: string, n: number): Promise<Row | null> {
  if (!existsSync(file)) return null;
  const bytes = readFileSync(file);
  try {
    await parseDocument({ bytes, path: file });
  } catch (e) {
    return {
      shape: `${shape} (unavailable: ${(e as Error).message.slice(0, 60)})`,
      file,
      ours: NaN,
      base: NaN,
      unit: "",
      baseName: "",
      target,
    };
  }
  const base = await timeMs(() => readFileSync(file).length, n);
  const ours = await timeMs(() => parseDocument({ bytes: readFileSync(file), path: file }), n);
  return { shape, file, ours, base, unit: "ms/report", baseName: "read bytes", target };
}

function pdfPages(file: string): number {
  const m = readFileSync(file, "latin1").match(/\/Type\s*\/Page[^s]/g);
  return m ? m.length : 1;
}

async function pdfShape(file: string): Promise<Row | null> {
  if (!existsSync(file)) return null;
  const pages = pdfPages(file);
  try {
    await parseDocument({ bytes: readFileSync(file), path: file });
  } catch (e) {
    return {
      shape: `pdf-text (unavailable: ${(e as Error).message.slice(0, 60)})`,
      file,
      ours: NaN,
      base: NaN,
      unit: "",
      baseName: "",
      target: "≤ 150 ms/page",
    };
  }
  const ours = (await timeMs(() => parseDocument({ bytes: readFileSync(file), path: file }), 10)) / pages;
  const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;
  const base = hasPdftotext ? (await timeMs(() => spawnSync("pdftotext", ["-layout", file, "-"]), 10)) / pages : NaN;
  return {
    shape: `pdf-text (${pages} pages)`,
    file,
    ours,
    base,
    unit: "ms/page",
    baseName: hasPdftotext ? "pdftotext -layout (process)" : "pdftotext not installed",
    target: "≤ 150 ms/page",
  };
}

export async function bench(): Promise<BenchSection> {
  const seed = `${FX}/corpus/seed.txt`;
  // One at a time: concurrent timers would measure each other.
  const rows: Row[] = [];
  const add = (r: Row | null) => {
    if (r) rows.push(r);
  };
  add(await textShape("bar-text (seed)", seed, "≥ 2,000 reports/s"));
  add(await textShape("cell-lines (seed without bars)", seed, "—", (t) => t.replace(/\s*\|[|\s]*$/gm, "")));
  add(await textShape("glued-text (Pingtan 2021)", `${FX}/corpus/pingtan/2021-80613/page.txt`, "≤ 20 ms/report"));
  add(
    await docShape(
      "html-table (Pingtan 2025 page, 110 KB)",
      `${FX}/corpus/pingtan/2025-105587/page.html`,
      "≤ 10 ms/report",
      300,
    ),
  );
  for (const f of ["huaian-hongzequ-2023.pdf", "huaian-shi-2024.pdf"]) {
    const r = await pdfShape(`${FX}/corpus/pdf/${f}`);
    if (r) rows.push(r);
  }
  const fmt = (x: number) => (Number.isNaN(x) ? "—" : x < 1 ? x.toFixed(3) : x.toFixed(2));
  const lines = [
    "Median of repeated calls on one core, after warm-up; the baseline runs on the same input in the same process.",
    "",
    "| shape | ours | reports/s (one core) | baseline | baseline time | ours ÷ baseline | target |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.shape} | ${fmt(r.ours)} ${r.unit} | ${r.unit === "ms/report" && r.ours ? Math.round(1000 / r.ours).toLocaleString("en") : "—"} | ${r.baseName} | ${fmt(r.base)} ${r.unit} | ${Number.isNaN(r.base) || !r.base ? "—" : `${(r.ours / r.base).toFixed(1)}×`} | ${r.target} |`,
    ),
  ];
  const verdict = (ok: boolean) => (ok ? "met" : "**NOT met**");
  const find = (prefix: string) => rows.filter((r) => r.shape.startsWith(prefix) && !Number.isNaN(r.ours));
  const bar = find("bar-text")[0];
  const glued = find("glued-text")[0];
  const html = find("html-table")[0];
  const pdfs = find("pdf-text");
  lines.push("");
  if (bar)
    lines.push(
      `- Target ≥ 2,000 seed-sized reports/s on one core (reading the file included): ${verdict(1000 / bar.ours >= 2000)} (${Math.round(1000 / bar.ours).toLocaleString("en")}/s).`,
    );
  if (glued)
    lines.push(`- Target glued text ≤ 20 ms per report: ${verdict(glued.ours <= 20)} (${glued.ours.toFixed(2)} ms).`);
  if (html) lines.push(`- Target HTML ≤ 10 ms per report: ${verdict(html.ours <= 10)} (${html.ours.toFixed(2)} ms).`);
  if (pdfs.length)
    lines.push(
      `- Target PDF ≤ 150 ms per page: ${verdict(pdfs.every((p) => p.ours <= 150))} (worst ${Math.max(...pdfs.map((p) => p.ours)).toFixed(1)} ms/page); pdf.js runs in a worker thread, pdftotext is a separate process per call.`,
    );
  return { title: "parse", markdown: lines.join("\n") };
}
