// Soak results are written into BENCHMARKS.md beside the benchmarks, with the machine and date.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mergeSection, renderMachine } from "../../bench/index.ts";
import { ROOT } from "../helpers.ts";

export async function writeSoakSection(title: string, markdown: string): Promise<void> {
  const file = join(ROOT, "BENCHMARKS.md");
  let doc = "";
  try {
    doc = await readFile(file, "utf8");
  } catch {
    doc = "# Benchmarks\n\n";
  }
  await writeFile(file, mergeSection(doc, { title, markdown: `Machine: ${renderMachine()}\n\n${markdown}` }));
}
