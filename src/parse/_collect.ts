// Shared bookkeeping for the table readers: facts, cells and flags accumulate here, and every
// value goes through one function so that blanks stay null and problems become flags.
import type { ValueKind } from "./formats.ts";
import { looksLikeValue, normalizeLabel, parseNumber } from "./normalize.ts";
import type { Cell, Flag, Segment } from "./types.ts";

export class Collector {
  readonly facts: Record<string, number | null> = {};
  readonly cells: Record<string, Cell> = {};
  readonly flags: Flag[] = [];
  /** Keys whose value is null because it could not be read (not because it was printed blank). */
  readonly unreadable = new Set<string>();

  flag(key: string | null, code: string, message: string): void {
    this.flags.push({ key, code, message });
  }

  /** Record one printed cell under `key`. */
  put(
    key: string,
    raw: string,
    kind: ValueKind,
    opts: { locator?: string; confidence?: number; method?: Cell["method"]; evidence?: string } = {},
  ): void {
    if (key in this.facts) {
      this.flag(key, "DUPLICATE_KEY", `a second value '${raw}' for ${key} was ignored`);
      return;
    }
    const p = parseNumber(raw, kind);
    this.facts[key] = p.value;
    const cell: Cell = { raw, confidence: opts.confidence ?? 1, method: opts.method ?? "direct" };
    if (opts.locator) cell.locator = opts.locator;
    if (opts.evidence) cell.evidence = opts.evidence;
    if (p.unit) cell.unit = p.unit;
    this.cells[key] = cell;
    if (p.problem) {
      this.unreadable.add(key);
      this.flag(key, p.problem.code, p.problem.message);
    }
  }

  /** A cell the form has but the reader could not place: null, flagged by the caller once per row. */
  putUnread(key: string, raw: string, locator?: string): void {
    if (key in this.facts) return;
    this.facts[key] = null;
    this.cells[key] = { raw, confidence: 0, method: "direct", ...(locator ? { locator } : {}) };
    this.unreadable.add(key);
  }
}

export interface RawRow {
  /** The row's own label (the label cell just before its values). */
  label: string;
  /** Zero-value label cells just before it (a label split over lines, a group label). */
  before: string[];
  values: Segment[];
  locator?: string;
}

export function isValueSegment(seg: Segment): boolean {
  return seg.glued === true || looksLikeValue(seg.text);
}

/** Cut a section's cells into rows: a label and the values that follow it up to the next label. */
export function buildRows(segs: readonly Segment[]): RawRow[] {
  const rows: RawRow[] = [];
  let pending: string[] = [];
  let cur: RawRow | null = null;
  for (const seg of segs) {
    if (!seg.cell) continue;
    if (isValueSegment(seg)) {
      if (!cur) {
        cur = { label: "", before: pending, values: [], locator: seg.locator };
        pending = [];
        rows.push(cur);
      }
      cur.values.push(seg);
      continue;
    }
    if (cur && cur.values.length === 0) {
      pending.push(cur.label);
      rows.pop();
    }
    cur = { label: seg.text, before: pending, values: [], locator: seg.locator };
    pending = [];
    rows.push(cur);
  }
  if (cur && cur.values.length === 0) rows.pop();
  return rows;
}

export function labelOf(row: RawRow): string {
  return normalizeLabel(row.label);
}

/**
 * A number left inside a row's label (`(七)总计23个`: the counter made it prose) was thrown away: the
 * values read after that label cannot be trusted to be the row's, so each of their keys says so.
 */
export function flagLeftText(row: RawRow, keys: readonly string[], out: Collector): void {
  const label = labelOf(row);
  const left = /\d+/.exec(label);
  if (!left) return;
  for (const k of keys)
    out.flag(
      k,
      "ROW_TEXT_LEFT",
      `row label '${row.label}' holds the number '${left[0]}', which was not read as a cell`,
    );
}
