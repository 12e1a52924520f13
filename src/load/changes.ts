// The cells that differ between a report version and the one before it: a silently edited report is news.
import type { ParseResult } from "../parse/index.ts";
import type { LoadContext } from "./_statements.ts";
import type { StoredCell } from "./renditions.ts";

export interface CellChange {
  key: string;
  kind: "changed" | "added" | "removed";
  oldValue: number | null;
  newValue: number | null;
  oldRaw: string | null;
  newRaw: string | null;
}

/** Pure: how the current facts differ from the previous version's. */
export function diffFacts(
  prev: ReadonlyMap<string, { value: number | null; raw: string | null }>,
  next: ParseResult,
): CellChange[] {
  const out: CellChange[] = [];
  for (const [key, value] of Object.entries(next.facts)) {
    const newRaw = next.cells[key]?.raw ?? null;
    const old = prev.get(key);
    if (!old) out.push({ key, kind: "added", oldValue: null, newValue: value, oldRaw: null, newRaw });
    else if (old.value !== value || old.raw !== newRaw)
      out.push({ key, kind: "changed", oldValue: old.value, newValue: value, oldRaw: old.raw, newRaw });
  }
  for (const [key, old] of prev) {
    if (!(key in next.facts))
      out.push({ key, kind: "removed", oldValue: old.value, newValue: null, oldRaw: old.raw, newRaw: null });
  }
  return out;
}

/** Records how `result` differs from the previous version's cells; returns the changes. */
export function writeChanges(
  ctx: LoadContext,
  reportId: number,
  previousId: number,
  previous: readonly StoredCell[],
  result: ParseResult,
): CellChange[] {
  const changes = diffFacts(new Map(previous.map((r) => [r.key, r])), result);
  for (const c of changes)
    ctx.s.insertChange.run(reportId, previousId, c.key, c.kind, c.oldValue, c.newValue, c.oldRaw, c.newRaw);
  return changes;
}
