// Two last ways to read a glued run that no identity settles (docs/parse.md, "Glued runs"):
// - by agreement: a cell that has the same value in every way the digits can be cut is read
//   (`0740` into 3 cells always starts with 0), the others stay null;
// - by prose: a figure the report's own narrative states for the same item (`现行有效行政规范性文件
//   513件`) keeps only the readings that print it. Exactly one left → taken, method `split-by-prose`;
//   none, several, or figures that contradict each other → nothing is chosen.
// Nothing outside the report (another year, another agency) is ever used.
import { proactiveKey } from "./keys.ts";
import { normalizeText } from "./normalize.ts";
import { enumerateSignedSplits, type Splits } from "./_splits.ts";
import type { RowState } from "./glued.ts";

/** One figure the narrative states: `key` = `value`, with the clause that says so. */
export interface ProseFigure {
  key: string;
  value: number;
  clause: string;
}
export type ProseFigures = ReadonlyMap<string, readonly ProseFigure[]>;

/** Items whose figures the narrative states in a recognisable way, and the words that name them. */
const ITEMS: readonly { item: string; has: RegExp; not?: RegExp }[] = [
  { item: "normative_docs", has: /规范性文件/ },
  { item: "rules", has: /规章/, not: /规范性文件/ },
];
/** Measure words of section 二 (docs/spec/FORMATS.md §9.2), for both forms. */
const MEASURES: readonly { measure: string; has: RegExp }[] = [
  { measure: "issued", has: /制发/ },
  { measure: "repealed", has: /废止/ },
  { measure: "in_force", has: /现行有效/ },
  { measure: "made", has: /新制作/ },
  { measure: "published", has: /新公开/ },
  { measure: "total_published", has: /对外公开总/ },
];
/** A count the clause states: digits followed by a counter. */
const FIGURE_RE = /(\d+)\s*[件份部个]/g;
const CLAUSE_RE = /[^。；;，,！？!?\n]+/g;

/**
 * Figures stated by the narrative (the text outside the tables): a clause counts only when it names
 * exactly one item, exactly one measure and exactly one number, so a clause listing several is never
 * guessed at.
 */
export function proseFigures(narrative: string): ProseFigures {
  const out = new Map<string, ProseFigure[]>();
  const text = normalizeText(narrative);
  for (const m of text.matchAll(CLAUSE_RE)) {
    const clause = m[0].trim();
    if (clause.length > 200) continue;
    const items = ITEMS.filter((it) => it.has.test(clause) && !it.not?.test(clause));
    const measures = MEASURES.filter((x) => x.has.test(clause));
    if (items.length !== 1 || measures.length !== 1) continue;
    const nums = [...clause.matchAll(FIGURE_RE)];
    if (nums.length !== 1 || [...clause.matchAll(/\d+/g)].length !== 1) continue;
    const key = proactiveKey(items[0]!.item, measures[0]!.measure);
    const list = out.get(key) ?? [];
    list.push({ key, value: Number(nums[0]![1]), clause });
    out.set(key, list);
  }
  return out;
}

/** Keep only the readings that print every figure the prose states for the row's keys. */
export function settleByProse(s: RowState, prose: ProseFigures): void {
  if (s.cands === "too-many" || s.cands.length < 2 || s.bad) return;
  const stated = s.row.keys.flatMap((k, j) => (prose.get(k) ?? []).map((f) => ({ ...f, j })));
  if (stated.length === 0) return;
  const cands = s.cands;
  const fits = cands.filter((c) => stated.every((f) => c[f.j] === f.value));
  const quote = stated.map((f) => `'${f.clause}'`).join("; ");
  if (fits.length === 1) {
    s.chosen = { cells: fits[0]!, how: "prose", evidence: quote };
    return;
  }
  s.why =
    fits.length === 0
      ? `the report's own text (${quote}) contradicts every reading`
      : `the report's own text (${quote}) leaves ${fits.length} readings`;
}

/**
 * For each cell, its value when every way to cut the run's digits into the row's cells gives it the
 * same value, else undefined. Only the digits decide: a reading filtered by an identity could
 * exclude the printed one when the report itself is inconsistent.
 */
export function settleByAgreement(s: RowState): (number | undefined)[] {
  if (s.bad) return [];
  const pieces = s.row.pieces.map((p) => p.trim()).filter(Boolean);
  const all: Splits = enumerateSignedSplits(pieces, s.row.keys.length, s.row.signedAt);
  if (all === "too-many" || all.length === 0) return [];
  return s.row.keys.map((_, j) => {
    const v = all[0]![j]!;
    return all.every((c) => c[j] === v) ? v : undefined;
  });
}
