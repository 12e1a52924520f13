// Enumerating the readings of a glued digit run (docs/spec/FORMATS.md §10.4.3): every way to cut it into the
// row's cells, no number with a leading zero, a space a certain boundary. Sums inside the row are
// checked as the cut proceeds, and every search is bounded (GLUED_LIMITS).

/** Caps that keep a hostile input to a few milliseconds per row (a 5,000-digit run included). */
export const GLUED_LIMITS = {
  /** Longest number one cell may hold: 999,999,999 is beyond any count these tables print. */
  maxCellDigits: 9,
  /** Recursion steps per row enumeration. */
  maxSteps: 10_000,
  /** Candidate readings kept per row; more means the row is hopeless without a boundary. */
  maxCandidates: 64,
  /** Assignments tried per group of rows linked by an identity. */
  maxJoint: 20_000,
  /** Surviving joint assignments remembered (enough to see whether a row is settled). */
  maxSurvivors: 64,
} as const;

export type Splits = number[][] | "too-many";

/** `cells[total] = Σ cells[parts]`, every part before the total: H1 in a row, H4 in section 四. */
export interface SumRule {
  total: number;
  parts: readonly number[];
}
export interface SplitRules {
  /** Sums whose total is then forced: its digits must spell the sum, so it is checked, not enumerated. */
  sums?: readonly SumRule[];
  /** Any further test on a complete reading. */
  accept?: (cells: readonly number[]) => boolean;
  /** Stop (and answer "too-many") after this many readings. @default GLUED_LIMITS.maxCandidates */
  limit?: number;
}

/**
 * All ways to cut `pieces` (digit strings) into `n` numbers, none with a leading zero but `0`,
 * that pass `rules`. Each piece yields at least one number: a space is a certain boundary.
 * A row total (the last cell sums all the others, H1) is searched total-first: for each length of
 * the final number, the parts must add up to it, which prunes nearly every cut at once.
 */
export function enumerateSplits(pieces: readonly string[], n: number, rules: SplitRules = {}): Splits {
  const { sums = [], accept = () => true, limit = GLUED_LIMITS.maxCandidates } = rules;
  const maxLen = GLUED_LIMITS.maxCellDigits;
  const out: number[][] = [];
  const digits = pieces.reduce((a, p) => a + p.length, 0);
  if (pieces.length === 0 || pieces.length > n || digits < n || digits > n * maxLen) return out;
  const totalAt = new Map(sums.filter((r) => r.parts.every((p) => p < r.total)).map((r) => [r.total, r.parts]));
  const rowTotal = n >= 2 && totalAt.get(n - 1)?.length === n - 1;
  let steps = 0;
  const cells: number[] = [];
  const finish = (): boolean => {
    if (sums.every((r) => cells[r.total] === r.parts.reduce((a, i) => a + cells[i]!, 0)) && accept(cells)) {
      out.push([...cells]);
      if (out.length > limit) return false;
    }
    return true;
  };
  /** Cut `ps` into `m` cells after those in `cells`; with `target`, they must sum to it (with the earlier ones). */
  const search = (ps: readonly string[], m: number, target: number | undefined, tail: number | undefined): boolean => {
    const after: number[] = new Array<number>(ps.length + 1).fill(0);
    for (let p = ps.length - 1; p >= 0; p--) after[p] = after[p + 1]! + ps[p]!.length;
    const goal = cells.length + m;
    let sum = 0;
    const place = (p: number, off: number, len: number, piece: string): boolean => {
      const v = Number(piece.slice(off, off + len));
      cells.push(v);
      sum += v;
      const ok = off + len === piece.length ? rec(p + 1, 0) : rec(p, off + len);
      sum -= v;
      cells.pop();
      return ok;
    };
    const rec = (p: number, off: number): boolean => {
      if (++steps > GLUED_LIMITS.maxSteps) return false;
      const piece = ps[p];
      if (piece === undefined) {
        if (cells.length !== goal) return true;
        if (tail === undefined) return finish();
        cells.push(tail);
        const ok = finish();
        cells.pop();
        return ok;
      }
      const leftCells = goal - cells.length;
      const leftDigits = after[p]! - off;
      if (leftCells < ps.length - p || leftDigits < leftCells || leftDigits > leftCells * maxLen) return true;
      // A forced number: a total inside the row (H4), or the last part of a row total.
      const parts = totalAt.get(cells.length);
      const want =
        parts && (!rowTotal || cells.length < n - 1)
          ? parts.reduce((a, i) => a + cells[i]!, 0)
          : target !== undefined && leftCells === 1
            ? target - sum
            : undefined;
      if (want !== undefined) {
        const w = String(want);
        return want >= 0 && piece.startsWith(w, off) ? place(p, off, w.length, piece) : true;
      }
      for (let len = 1; off + len <= piece.length && len <= maxLen; len++) {
        if (len > 1 && piece[off] === "0") break;
        if (target !== undefined) {
          const v = Number(piece.slice(off, off + len));
          if (sum + v > target) break;
          // The cells still to come must be able to make up the rest: at best one long number and nines.
          const restDigits = leftDigits - len,
            restCells = leftCells - 1;
          if (restCells > 0 && sum + v + 10 ** Math.min(maxLen, restDigits - restCells + 1) + 9 * restCells < target)
            continue;
        }
        if (!place(p, off, len, piece)) return false;
      }
      return true;
    };
    return rec(0, 0);
  };
  if (!rowTotal) return search(pieces, n, undefined, undefined) ? out : "too-many";
  const last = pieces[pieces.length - 1]!;
  for (let t = 1; t <= Math.min(maxLen, last.length); t++) {
    const total = last.slice(last.length - t);
    if (t > 1 && total[0] === "0") continue;
    const head = t === last.length ? pieces.slice(0, -1) : [...pieces.slice(0, -1), last.slice(0, -t)];
    if (!search(head, n - 1, Number(total), Number(total))) return "too-many";
  }
  return out;
}

const SIGNED_PIECE_RE = /^(?:[+-]|增|减)/;

/**
 * Readings of a run holding one signed cell (the 2019 form's 本年增/减: `23减7181`). The sign is a
 * certain cell boundary and says which cell it starts: the pieces before it fill exactly the cells
 * before `signedAt`, the signed piece and those after fill the rest. A sign anywhere else, or two
 * signs, leaves no reading (the caller flags the row rather than drop a sign).
 */
export function enumerateSignedSplits(pieces: readonly string[], n: number, signedAt: number | undefined): Splits {
  const at = pieces.findIndex((p) => SIGNED_PIECE_RE.test(p));
  if (at < 0) return enumerateSplits(pieces, n);
  if (signedAt === undefined || pieces.slice(at + 1).some((p) => SIGNED_PIECE_RE.test(p))) return [];
  const signed = pieces[at]!;
  const sign = /^(?:-|减)/.test(signed) ? -1 : 1;
  const tail = [signed.replace(SIGNED_PIECE_RE, ""), ...pieces.slice(at + 1)];
  if (tail.some((p) => !/^\d+$/.test(p)) || pieces.slice(0, at).some((p) => !/^\d+$/.test(p))) return [];
  const heads =
    signedAt === 0 ? (at === 0 ? [[]] : []) : at === 0 ? [] : enumerateSplits(pieces.slice(0, at), signedAt);
  const tails = enumerateSplits(tail, n - signedAt);
  if (heads === "too-many" || tails === "too-many") return "too-many";
  const out: number[][] = [];
  for (const h of heads) {
    for (const t of tails) {
      out.push([...h, sign * t[0]!, ...t.slice(1)]);
      if (out.length > GLUED_LIMITS.maxCandidates) return "too-many";
    }
  }
  return out;
}
