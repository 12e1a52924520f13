// Section 二 (FORMATS.md §4): stacked sub-tables, one row per item, measures by position as the
// template defines them. Money is converted to 万元 with the printed text kept.
import { type FormTemplate, type MeasureSpec, PROACTIVE_ITEMS, type ProactiveItemSpec } from "./formats.ts";
import { slugify } from "./normalize.ts";
import { rowPrefix } from "./keys.ts";
import { buildRows, type Collector, labelOf } from "./_collect.ts";
import type { GluedRow } from "./glued.ts";
import type { Segment } from "./types.ts";

function matchItem(label: string): ProactiveItemSpec | undefined {
  // `其他对外管理服务事项` before anything shorter; `行政规范性文件` is normative_docs, never rules.
  return PROACTIVE_ITEMS.find((it) => it.match.some((m) => label.includes(m)));
}

export function readProactive(
  segs: readonly Segment[],
  template: FormTemplate,
  out: Collector,
  glued: GluedRow[],
): boolean {
  const rows = buildRows(segs).filter((r) => r.values.length > 0);
  let lastMeasures: readonly MeasureSpec[] | undefined;
  for (const row of rows) {
    const label = labelOf(row);
    const item = matchItem(label);
    let prefix: string;
    let measures: readonly MeasureSpec[];
    if (item && item.measures[template].length > 0) {
      prefix = rowPrefix("proactive", item.key);
      measures = item.measures[template];
    } else if (label && lastMeasures && row.values.length === lastMeasures.length) {
      prefix = rowPrefix("proactive", `extra_${slugify(row.label)}`);
      measures = lastMeasures;
    } else {
      out.flag(
        null,
        "ROW_LABEL_UNMATCHED",
        `section 二 row '${row.label}' (${row.values.length} values) matches no item of the ${template} form`,
      );
      continue;
    }
    lastMeasures = measures;
    const keys = measures.map((m) => `${prefix}.${m.key}`);
    if (row.values.some((v) => v.glued)) {
      const signedAt = measures.findIndex((m) => m.kind === "signed");
      glued.push({
        keys,
        pieces: row.values.map((v) => v.text),
        kind: "proactive",
        locator: row.locator,
        ...(signedAt >= 0 ? { signedAt } : {}),
      });
      continue;
    }
    if (row.values.length !== measures.length) {
      const raw = row.values.map((v) => v.text).join(" ");
      out.flag(
        keys[keys.length - 1]!,
        "CELL_COUNT",
        `row '${row.label}' has ${row.values.length} values, the ${template} form has ${measures.length}: '${raw}'; cells left null`,
      );
      keys.forEach((k) => out.putUnread(k, raw, row.locator));
      continue;
    }
    measures.forEach((m, i) => {
      const v = row.values[i]!;
      const key = keys[i]!;
      out.put(key, v.text, m.kind, { locator: v.locator });
      if (m.kind === "money") checkMoneyUnit(key, template, out);
    });
  }
  return rows.length > 0;
}

/** FORMATS.md §8.3: the header fixes 万元 for fees (2021); procurement (2019) prints no unit. */
function checkMoneyUnit(key: string, template: FormTemplate, out: Collector): void {
  const cell = out.cells[key];
  if (!cell || out.facts[key] === null) return;
  if (key === "proactive.fees.amount_wan_yuan" && cell.unit === "元") {
    out.flag(key, "UNIT_MISMATCH", `'${cell.raw}' is in 元 but the header says 万元; converted to 万元`);
  } else if (key === "proactive.procurement.amount_wan_yuan" && !cell.unit) {
    out.flag(key, "UNIT_ASSUMED", `'${cell.raw}' prints no unit and the ${template} header none; read as 万元`);
  }
}
