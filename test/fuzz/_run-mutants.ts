// Running parser mutants and judging the outcome (shared by the fast subset and the soak).
import { ParseError, parseDocument, type ParseResult } from "../../src/parse/index.ts";
import { readFixtureBytes, unflaggedWrong } from "../helpers.ts";
import { KINDS, MEANING_KEPT, mutate, rng, undetectableByIdentity } from "./_mutants.ts";

export const SOURCES = [
  "corpus/seed.txt",
  "parse/bar/report-2019.txt",
  "parse/html/seed-2021.utf8.html",
  "corpus/pingtan/2021-80613/page.txt",
  "corpus/pingtan/2019-80576/page.txt",
] as const;

export interface MutantOutcome {
  source: string;
  seed: number;
  kind: string;
  note: string;
  outcome: "rejected" | "failed" | "flagged" | "ok-same" | "ok-undetectable" | "SILENT";
  ms: number;
  diff: string[];
}

export async function runMutant(
  source: string,
  original: ParseResult,
  text: string,
  seed: number,
): Promise<MutantOutcome> {
  const r = rng(seed);
  const kind = KINDS[Math.floor(r() * KINDS.length)]!;
  const m = mutate(text, kind, r, source.endsWith(".html"));
  const t0 = performance.now();
  let res: ParseResult | null = null;
  try {
    res = await parseDocument({ bytes: m.bytes, path: `${source}#${seed}` });
  } catch (e) {
    if (!(e instanceof ParseError))
      throw new Error(`mutant ${source}#${seed} (${kind}: ${m.note}) threw ${String(e)}`, { cause: e });
  }
  const ms = performance.now() - t0;
  const base = { source, seed, kind, note: m.note, ms };
  if (!res) return { ...base, outcome: "rejected", diff: [] };
  // The table still means the original's numbers: any other number needs a flag on its own key.
  if (MEANING_KEPT.has(kind)) {
    const wrong = unflaggedWrong(original.facts, res);
    const added = Object.keys(res.facts).filter(
      (k) => !(k in original.facts) && res!.facts[k] !== null && !res!.flags.some((f) => f.key === k),
    );
    if (wrong.length || added.length) return { ...base, outcome: "SILENT", diff: [...wrong, ...added] };
  }
  if (res.status !== "ok") return { ...base, outcome: res.status, diff: [] };
  const diff = Object.keys(res.facts).filter((k) => k in original.facts && res!.facts[k] !== original.facts[k]);
  const added = Object.keys(res.facts).filter((k) => !(k in original.facts) && res!.facts[k] !== null);
  const all = [...diff, ...added];
  if (all.length === 0) return { ...base, outcome: "ok-same", diff: [] };
  return { ...base, outcome: undetectableByIdentity(all) ? "ok-undetectable" : "SILENT", diff: all };
}

export async function originals(): Promise<Map<string, { text: string; result: ParseResult }>> {
  const out = new Map<string, { text: string; result: ParseResult }>();
  for (const s of SOURCES) {
    const bytes = readFixtureBytes(s);
    out.set(s, { text: bytes.toString("utf8"), result: await parseDocument({ bytes, path: s }) });
  }
  return out;
}
