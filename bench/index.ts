// `npm run bench`: runs every benchmark module (or those named on the command line) and writes
// each one's section into BENCHMARKS.md, replacing the section of the same title. Every module
// measures a baseline in the same run and reports ratios against it.
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { pathToFileURL } from "node:url";

export interface BenchSection {
  title: string;
  markdown: string;
}
type BenchModule = { bench(): Promise<BenchSection> };

const MODULES: Record<string, () => Promise<BenchModule>> = {
  parse: () => import("./parse.ts"),
  load: () => import("./load.ts"),
  "load-postgres": () => import("./postgres-load.ts"),
  crawl: () => import("./crawl.ts"),
  formats: () => import("./formats.ts"),
  web: () => import("./web.ts"),
  national: () => import("./national.ts"),
  queue: () => import("./queue.ts"),
};

export function renderMachine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} × ${cpu} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · ${os.platform()} ${os.release()}`;
}

export function mergeSection(doc: string, s: BenchSection): string {
  const header = `## ${s.title}`;
  const body = `${header}\n\n${s.markdown.trim()}\n`;
  const parts = doc.split(/^(?=## )/m);
  const i = parts.findIndex((p) => p.startsWith(`${header}\n`));
  if (i === -1) parts.push(`${body}\n`);
  else parts[i] = `${body}\n`;
  return parts.join("").replace(/\n{3,}/g, "\n\n");
}

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const chosen = names.length ? names : Object.keys(MODULES);
  let doc = "";
  try {
    doc = await readFile("BENCHMARKS.md", "utf8");
  } catch {
    doc =
      "# Benchmarks\n\nWritten by `npm run bench`. Each section names its machine and date and compares against a baseline measured in the same run.\n\n";
  }
  for (const name of chosen) {
    const load = MODULES[name];
    if (!load) {
      console.error(`bench: unknown module '${name}' (have: ${Object.keys(MODULES).join(", ")})`);
      process.exitCode = 2;
      continue;
    }
    console.error(`bench: ${name} …`);
    const section = await (await load()).bench();
    section.markdown = `Machine: ${renderMachine()}\n\n${section.markdown}`;
    console.log(`\n## ${section.title}\n\n${section.markdown}`);
    doc = mergeSection(doc, section);
    await writeFile("BENCHMARKS.md", doc);
  }
}

// Only as the entry point (`node dist-tools/bench/index.js`, built by `npm run bench`): the soak tests import mergeSection and
// renderMachine from here, and an unguarded main() ran every benchmark (and rewrote BENCHMARKS.md) on import.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
