// Section 四 (docs/spec/FORMATS.md §6): fifteen cells in a fixed order, read by position. Header text is
// truncated or vertical in real reports, so it is only skipped, never trusted.
import { APPEAL_KEYS } from "./formats.ts";
import { type Collector, isValueSegment } from "./_collect.ts";
import type { GluedRow } from "./glued.ts";
import type { Segment } from "./types.ts";

export function readAppeals(segs: readonly Segment[], out: Collector, glued: GluedRow[]): boolean {
  const values = segs.filter((s) => s.cell && isValueSegment(s));
  if (values.length === 0) return false;
  if (values.some((v) => v.glued)) {
    glued.push({
      keys: [...APPEAL_KEYS],
      pieces: values.map((v) => v.text),
      kind: "appeals",
      locator: values[0]!.locator,
    });
    return true;
  }
  if (values.length !== APPEAL_KEYS.length) {
    const raw = values.map((v) => v.text).join(" ");
    out.flag(
      "appeals.review.total",
      "CELL_COUNT",
      `section 四 has ${values.length} values, the form has ${APPEAL_KEYS.length}: '${raw}'; cells left null`,
    );
    APPEAL_KEYS.forEach((k) => out.putUnread(k, raw, values[0]!.locator));
    return true;
  }
  values.forEach((v, i) => out.put(APPEAL_KEYS[i]!, v.text, "count", { locator: v.locator }));
  return true;
}
