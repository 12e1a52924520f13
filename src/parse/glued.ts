// Glued digit runs (FORMATS.md §10.4): `(七)总计801000081` lost its cell boundaries. Enumerate the
// splits that satisfy the row identity, then settle what remains jointly with the column
// identities; accept a reading only when exactly one survives, otherwise leave the cells null
// and flag AMBIGUOUS_SPLIT with the candidates. Every search is bounded.
import { APPLICANT_COLUMNS } from "./formats.ts";
import type { Collector } from "./_collect.ts";

export interface GluedRow {
  keys: string[];
  /** The row's digit pieces in order; a space in the source is a certain cell boundary. */
  pieces: string[];
  kind: "requests" | "appeals" | "proactive";
  locator?: string;
  /** The run's last digit may be the next label's numbering (`…70000072.没有现成…`). */
  trailingLabelDigit?: boolean;
}

/** Caps that keep a hostile input to a few milliseconds per row. */
const MAX_CANDIDATES = 256;
const MAX_STEPS = 200_000;
const MAX_JOINT = 100_000;
const CONFIDENCE_BY_IDENTITY = 0.9;

/** All ways to cut `pieces` into `n` numbers (no leading zeros but `0`) that `accept` keeps. */
export function enumerateSplits(pieces: readonly string[], n: number, accept: (cells: number[]) => boolean): number[][] | "too-many" {
  const out: number[][] = [];
  let steps = 0;
  const cells: number[] = [];
  const rec = (p: number, off: number): boolean => {
    if (++steps > MAX_STEPS) return false;
    const piece = pieces[p];
    if (piece === undefined) {
      if (cells.length === n && accept(cells)) { out.push([...cells]); if (out.length > MAX_CANDIDATES) return false; }
      return true;
    }
    if (cells.length >= n) return true;
    for (let len = 1; off + len <= piece.length && len <= 12; len++) {
      const s = piece.slice(off, off + len);
      if (s.length > 1 && s[0] === "0") break;
      cells.push(Number(s));
      const ok = off + len === piece.length ? rec(p + 1, 0) : rec(p, off + len);
      cells.pop();
      if (!ok) return false;
    }
    return true;
  };
  const finished = rec(0, 0);
  return finished ? out : "too-many";
}

const rowTotalOk = (c: number[]) => c[c.length - 1] === c.slice(0, -1).reduce((a, b) => a + b, 0);
const appealsOk = (c: number[]) => [0, 5, 10].every((g) => c[g + 4] === c[g]! + c[g + 1]! + c[g + 2]! + c[g + 3]!);

function candidates(row: GluedRow): number[][] | "too-many" {
  const n = row.keys.length;
  const accept = row.kind === "requests" ? rowTotalOk : row.kind === "appeals" ? appealsOk : () => true;
  const pieces = row.pieces.map((p) => p.replace(/\D/g, "")).filter(Boolean);
  const all = enumerateSplits(pieces, n, accept);
  if (all === "too-many" || !row.trailingLabelDigit) return all;
  const last = pieces[pieces.length - 1]!;
  const stripped = enumerateSplits([...pieces.slice(0, -1), ...(last.length > 1 ? [last.slice(0, -1)] : [])], n, accept);
  if (stripped === "too-many") return stripped;
  return [...all, ...stripped];
}

/** Column identities H2 and H3 over a full assignment of section-三 rows (blank = 0). */
function columnsOk(v: Map<string, number>): boolean {
  const g = (k: string) => v.get(k) ?? 0;
  for (const c of APPLICANT_COLUMNS) {
    if (v.has(`requests.new.${c}`) && v.has(`requests.total.${c}`) && v.has(`requests.carried_forward.${c}`)) {
      if (g(`requests.new.${c}`) + g(`requests.carried_over.${c}`) !== g(`requests.total.${c}`) + g(`requests.carried_forward.${c}`)) return false;
    }
    if (v.has(`requests.total.${c}`)) {
      let sum = 0;
      for (const [k, x] of v) {
        const row = k.split(".")[1]!;
        if (k.endsWith(`.${c}`) && isOutcomeLeaf(row, v)) sum += x;
      }
      if (sum !== g(`requests.total.${c}`)) return false;
    }
  }
  return true;
}

const LEAF_RE = /^(granted|partly_granted|withheld_.+|unavailable_.+|not_processed_.+|other_(no_correction|no_fee|misc))$/;
function isOutcomeLeaf(row: string, v: Map<string, number>): boolean {
  if (LEAF_RE.test(row)) return true;
  return row === "other" && !v.has("requests.other_misc.total") && !v.has("requests.other_no_correction.total");
}

/**
 * Resolve glued rows into `out`. `known` holds the values already read directly, which the joint
 * check treats as fixed.
 */
export function resolveGlued(rows: readonly GluedRow[], out: Collector): void {
  const cands = rows.map(candidates);
  const fixed = new Map<string, number>();
  for (const [k, x] of Object.entries(out.facts)) if (x !== null && k.startsWith("requests.")) fixed.set(k, x);
  const open: number[] = [];
  rows.forEach((row, i) => {
    const c = cands[i]!;
    if (c !== "too-many" && c.length === 1) row.keys.forEach((k, j) => fixed.set(k, c[0]![j]!));
    else if (c !== "too-many" && c.length > 1 && row.kind === "requests") open.push(i);
  });
  // Joint choice across the ambiguous section-三 rows: every column identity must hold.
  let chosen: Map<number, number[]> | null = null;
  const total = open.reduce((p, i) => p * (cands[i] as number[][]).length, 1);
  if (open.length && total <= MAX_JOINT) {
    const survivors: number[][] = [];
    const pick: number[] = [];
    const rec = (d: number): void => {
      if (survivors.length > 1) return;
      if (d === open.length) {
        const v = new Map(fixed);
        open.forEach((ri, x) => rows[ri]!.keys.forEach((k, j) => v.set(k, (cands[ri] as number[][])[pick[x]!]![j]!)));
        if (columnsOk(v)) survivors.push([...pick]);
        return;
      }
      for (let x = 0; x < (cands[open[d]!] as number[][]).length; x++) { pick[d] = x; rec(d + 1); }
    };
    rec(0);
    if (survivors.length === 1) chosen = new Map(open.map((ri, x) => [ri, (cands[ri] as number[][])[survivors[0]![x]!]!]));
  }
  rows.forEach((row, i) => {
    const c = cands[i]!;
    const raw = row.pieces.join(" ");
    const pickRow = c !== "too-many" && c.length === 1 ? c[0] : chosen?.get(i);
    if (pickRow) {
      row.keys.forEach((k, j) => out.put(k, String(pickRow[j]), "count", { locator: row.locator, confidence: CONFIDENCE_BY_IDENTITY, method: "split-by-identity" }));
      return;
    }
    const list = c === "too-many" ? "too many to list" : c.length === 0 ? "none passes the row identity" : c.slice(0, 5).map((x) => x.join(",")).join(" | ");
    out.flag(row.keys[row.keys.length - 1]!, "AMBIGUOUS_SPLIT", `digits '${raw}' split ${c === "too-many" ? "too many" : c.length} ways (${list}); none chosen`);
    row.keys.forEach((k) => out.putUnread(k, raw, row.locator));
  });
}
