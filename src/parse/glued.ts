// Glued digit runs (docs/spec/FORMATS.md §10.4): `(七)总计801000081` lost its cell boundaries. Enumerate the
// splits of each row, keep those that pass the identities inside the row (H1, H4), then settle
// what remains jointly with the identities across rows (H2, H3, printed subtotals); a row's
// reading is taken only when every surviving assignment agrees on it. Otherwise its cells stay
// null and AMBIGUOUS_SPLIT lists the candidates. Every search is bounded (GLUED_LIMITS).
import { type Identity, planIdentities } from "./checks.ts";
import { APPLICANT_COLUMNS, type FormTemplate, REQUEST_ROWS } from "./formats.ts";
import type { Collector } from "./_collect.ts";
import { requestKey } from "./keys.ts";
import { enumerateSignedSplits, enumerateSplits, GLUED_LIMITS, type SumRule, type Splits } from "./_splits.ts";
import { type ProseFigures, settleByAgreement, settleByProse } from "./_glued-settle.ts";

const SIGNED_RE = /^(?:[+-]|增|减)/;

export interface GluedRow {
  keys: string[];
  /** The row's digit pieces in order; a space in the source is a certain cell boundary. */
  pieces: string[];
  kind: "requests" | "appeals" | "proactive";
  locator?: string;
  /** The one cell that may carry a sign (the 2019 form's 本年增/减), by index into `keys`. */
  signedAt?: number;
}

/** A reading forced by the digits alone is read, not chosen; one chosen by an identity is less sure. */
const CONFIDENCE_ROW = 0.9;
const CONFIDENCE_JOINT = 0.8;
/** A reading chosen by a figure the report's own prose states for the same item (docs/parse.md). */
const CONFIDENCE_PROSE = 0.7;
/** A cell on which every admissible reading of its run agrees. */
const CONFIDENCE_AGREED = 0.9;
const LISTED = 16;

type Sum = (value: (key: string) => number) => boolean;
const holds =
  (id: Identity): Sum =>
  (v) => {
    const s = (ks: readonly string[]) => ks.reduce((a, k) => a + v(k), 0);
    return s(id.left) === s(id.right);
  };

export interface RowState {
  row: GluedRow;
  raw: string;
  /** Readings passing the row's own identities; "too-many" when the bound was hit. */
  cands: Splits;
  /** Not digits only: the solver never strips signs, decimals or units to force a split. */
  bad?: string;
  chosen?: { cells: number[]; how: "forced" | "row" | "joint" | "prose"; evidence?: string };
  /** Why no reading was taken, for the flag. */
  why?: string;
}

function rowState(row: GluedRow, hard: readonly Identity[]): RowState {
  const raw = row.pieces.join(" ");
  const pieces = row.pieces.map((p) => p.trim()).filter(Boolean);
  const n = row.keys.length;
  if (pieces.some((p) => SIGNED_RE.test(p))) {
    const cands = enumerateSignedSplits(pieces, n, row.signedAt);
    if (cands === "too-many" || cands.length > 1) return { row, raw, cands };
    if (cands.length === 1) return { row, raw, cands, chosen: { cells: cands[0]!, how: "forced" } };
    return { row, raw, cands, bad: `'${raw}' has a sign that no reading puts on a cell the form lets carry one` };
  }
  if (pieces.some((p) => !/^\d+$/.test(p))) return { row, raw, cands: [], bad: `'${raw}' holds more than digits` };
  const forced = enumerateSplits(pieces, n, { limit: 1 });
  if (forced !== "too-many" && forced.length === 1)
    return { row, raw, cands: forced, chosen: { cells: forced[0]!, how: "forced" } };
  const idx = new Map(row.keys.map((k, i) => [k, i]));
  const local = hard.filter((id) => [...id.left, ...id.right].every((k) => idx.has(k)));
  const sums: SumRule[] = [];
  const other: Sum[] = [];
  for (const id of local) {
    if (id.left.length === 1) sums.push({ total: idx.get(id.left[0]!)!, parts: id.right.map((k) => idx.get(k)!) });
    else other.push(holds(id));
  }
  const accept = (c: readonly number[]) => other.every((f) => f((k) => c[idx.get(k)!]!));
  const cands = enumerateSplits(pieces, n, { sums, accept });
  if (cands !== "too-many" && cands.length === 1 && local.length > 0)
    return { row, raw, cands, chosen: { cells: cands[0]!, how: "row" } };
  return { row, raw, cands };
}

/**
 * Section-三 keys of the form that the report did not print. They are unknown, not 0: an identity
 * over them (H3 without a missing leaf) must not choose a reading.
 */
function missingRequestKeys(template: FormTemplate, keys: ReadonlySet<string>): string[] {
  const has = (row: string) => keys.has(requestKey(row, "total"));
  if (![...keys].some((k) => k.startsWith("requests."))) return [];
  const subRows = REQUEST_ROWS.filter((r) => r.group === "other" && r.key !== "other").map((r) => r.key);
  const rows = REQUEST_ROWS.filter((r) => r.templates.includes(template) && !has(r.key))
    .map((r) => r.key)
    // (六) is one row or three sub-rows (§5.3): either form is complete.
    .filter((r) => !(r === "other" && subRows.some(has)) && !(subRows.includes(r) && has("other")));
  return rows.flatMap((r) => APPLICANT_COLUMNS.map((c) => requestKey(r, c)));
}

/**
 * Resolve glued rows into `out`, which already holds the values read directly. Blank printed cells
 * count as 0 in the identities (docs/spec/FORMATS.md §7); unreadable and missing ones make an identity unusable.
 */
export function resolveGlued(
  rows: readonly GluedRow[],
  out: Collector,
  template?: FormTemplate,
  /** The report's own figures, asked for only when a section-二 run is left undecided (most reports never need them). */
  prose?: () => ProseFigures,
): void {
  let figures: ProseFigures | undefined;
  const allKeys = new Set([...Object.keys(out.facts), ...rows.flatMap((r) => r.keys)]);
  for (const k of template ? missingRequestKeys(template, allKeys) : []) allKeys.add(k);
  const hard = planIdentities(allKeys).filter((id) => id.hard && id.op === "eq");
  const states = rows.map((r) => rowState(r, hard));
  settleJointly(states, hard, out);
  for (const s of states) {
    const kindAt = (j: number) => (j === s.row.signedAt ? ("signed" as const) : ("count" as const));
    const loc = s.row.locator ? { locator: s.row.locator } : {};
    if (!s.chosen && prose && s.row.kind === "proactive") settleByProse(s, (figures ??= prose()));
    if (s.chosen) {
      const opts =
        s.chosen.how === "forced"
          ? {}
          : s.chosen.how === "prose"
            ? { confidence: CONFIDENCE_PROSE, method: "split-by-prose" as const, evidence: s.chosen.evidence }
            : {
                confidence: s.chosen.how === "row" ? CONFIDENCE_ROW : CONFIDENCE_JOINT,
                method: "split-by-identity" as const,
              };
      s.row.keys.forEach((k, j) => out.put(k, String(s.chosen!.cells[j]), kindAt(j), { ...opts, ...loc }));
      // The prose may itself be misprinted: each cell it chose says so on its own key.
      if (s.chosen.how === "prose")
        for (const k of s.row.keys)
          out.flag(k, "SPLIT_BY_PROSE", `digits '${s.raw}' split by the report's own text: ${s.chosen.evidence}`);
      continue;
    }
    out.flag(s.row.keys[s.row.keys.length - 1]!, "AMBIGUOUS_SPLIT", describe(s));
    // A cell that every admissible reading gives the same value is read; only the others stay null.
    const agreed = settleByAgreement(s);
    s.row.keys.forEach((k, j) => {
      const v = agreed[j];
      if (v === undefined) out.putUnread(k, s.raw, s.row.locator);
      else out.put(k, String(v), kindAt(j), { confidence: CONFIDENCE_AGREED, method: "split-agreed", ...loc });
    });
  }
}

function describe(s: RowState): string {
  const head = `digits '${s.raw}' into ${s.row.keys.length} cells`;
  if (s.bad) return `${head}: ${s.bad}; cells left null`;
  if (s.cands === "too-many")
    return `${head}: more than ${GLUED_LIMITS.maxCandidates} readings or the search bound reached; cells left null`;
  if (s.cands.length === 0) return `${head}: no reading passes the row's identities; cells left null`;
  const list =
    s.cands
      .slice(0, LISTED)
      .map((c) => c.join(","))
      .join(" | ") + (s.cands.length > LISTED ? " | …" : "");
  return `${head}: ${s.cands.length} readings (${list}); ${s.why ?? "no identity tells them apart"}; cells left null`;
}

/**
 * Rows left with several readings are linked by the identities they share; each linked group is
 * searched for assignments under which every usable identity holds. A row is settled when all
 * survivors give it the same reading.
 */
function settleJointly(states: RowState[], hard: readonly Identity[], out: Collector): void {
  const open = states.filter((s) => !s.chosen && !s.bad && s.cands !== "too-many" && s.cands.length > 1);
  if (open.length === 0) return;
  const known = new Map<string, number>();
  for (const [k, v] of Object.entries(out.facts)) if (!out.unreadable.has(k)) known.set(k, v ?? 0);
  for (const s of states) if (s.chosen) s.row.keys.forEach((k, j) => known.set(k, s.chosen!.cells[j]!));
  const owner = new Map<string, number>();
  open.forEach((s, i) => s.row.keys.forEach((k) => owner.set(k, i)));
  // An identity can choose only if every one of its cells is known or being chosen; one inside a
  // single row (H1, H4) was applied when the row was enumerated.
  const usable = hard.filter((id) => {
    const ks = [...id.left, ...id.right];
    const rowsOf = new Set(ks.map((k) => owner.get(k) ?? -1));
    return (
      ks.some((k) => owner.has(k)) &&
      ks.every((k) => owner.has(k) || known.has(k)) &&
      !(rowsOf.size === 1 && !rowsOf.has(-1))
    );
  });
  const parent = open.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const id of usable) {
    const rs = [...new Set([...id.left, ...id.right].map((k) => owner.get(k)).filter((x) => x !== undefined))];
    for (const r of rs.slice(1)) parent[find(r)] = find(rs[0]!);
  }
  const groups = new Map<number, number[]>();
  open.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  for (const members of groups.values()) {
    const ids = usable.filter((id) => [...id.left, ...id.right].some((k) => members.includes(owner.get(k) ?? -1)));
    if (ids.length === 0) {
      const keys = new Set(members.flatMap((i) => open[i]!.row.keys));
      const any = hard.some((id) => [...id.left, ...id.right].some((k) => keys.has(k)));
      for (const i of members) {
        open[i]!.why = any
          ? "no identity across rows can be evaluated (a cell it needs is missing or unreadable)"
          : "the form has no identity over these cells (docs/spec/FORMATS.md §10.4.6)";
      }
      continue;
    }
    searchGroup(
      members.map((i) => open[i]!),
      ids,
      owner,
      open,
      known,
    );
  }
}

function searchGroup(
  group: RowState[],
  ids: readonly Identity[],
  owner: ReadonlyMap<string, number>,
  open: readonly RowState[],
  known: ReadonlyMap<string, number>,
): void {
  // Each identity as a constant plus signed cells of the group's rows, checked as soon as the last
  // of its rows is assigned.
  const pos = new Map(group.map((s, d) => [open.indexOf(s), d]));
  const cands = group.map((s) => s.cands as number[][]);
  const pick: number[] = new Array<number>(group.length).fill(0);
  const dueAt: (() => boolean)[][] = group.map(() => []);
  for (const id of ids) {
    let constant = 0;
    const terms: { d: number; j: number; sign: number }[] = [];
    const add = (k: string, sign: number) => {
      const o = owner.get(k);
      if (o === undefined) {
        constant += sign * known.get(k)!;
        return;
      }
      const d = pos.get(o)!;
      terms.push({ d, j: group[d]!.row.keys.indexOf(k), sign });
    };
    id.left.forEach((k) => add(k, 1));
    id.right.forEach((k) => add(k, -1));
    const last = Math.max(...terms.map((t) => t.d));
    dueAt[last]!.push(() => terms.reduce((a, t) => a + t.sign * cands[t.d]![pick[t.d]!]![t.j]!, constant) === 0);
  }
  const survivors: number[][] = [];
  let steps = 0;
  let capped = false;
  const rec = (d: number): void => {
    if (capped) return;
    if (d === group.length) {
      survivors.push([...pick]);
      if (survivors.length >= GLUED_LIMITS.maxSurvivors) capped = true;
      return;
    }
    for (let x = 0; x < cands[d]!.length && !capped; x++) {
      if (++steps > GLUED_LIMITS.maxJoint) {
        capped = true;
        return;
      }
      pick[d] = x;
      if (dueAt[d]!.every((f) => f())) rec(d + 1);
    }
  };
  rec(0);
  group.forEach((s, d) => {
    const seen = new Set(survivors.map((p) => p[d]!));
    if (seen.size > 1) s.why = `${seen.size}${capped ? " or more" : ""} of them pass the column identities`;
    else if (capped) s.why = "the joint search bound was reached";
    else if (survivors.length === 0) s.why = "no combination with the other rows passes the column identities";
    else s.chosen = { cells: cands[d]![survivors[0]![d]!]!, how: "joint" };
  });
}
