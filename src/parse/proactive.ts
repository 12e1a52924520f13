// Section 二 (docs/spec/FORMATS.md §4): stacked sub-tables, one row per item, measures by position as the
// template defines them. Money is converted to 万元 with the printed text kept.
import { type FormTemplate, type MeasureSpec, PROACTIVE_ITEMS, type ProactiveItemSpec } from "./formats.ts";
import { slugify } from "./normalize.ts";
import { rowPrefix } from "./keys.ts";
import { buildRows, type Collector, flagLeftText, labelOf } from "./_collect.ts";
import type { GluedRow } from "./glued.ts";
import type { Segment } from "./types.ts";

/**
 * The item a row label names. A label naming two items swallowed the end of the row before it
 * (its numbers read as prose, `行政强制126025个…行政事业性收费`): the values follow the last one named,
 * and `others` says the label held more than its own row.
 */
function matchItem(label: string): { item: ProactiveItemSpec; others: string[] } | undefined {
  // `其他对外管理服务事项` before anything shorter; `行政规范性文件` is normative_docs, never rules.
  const found: { item: ProactiveItemSpec; at: number }[] = [];
  for (const it of PROACTIVE_ITEMS) {
    const at = Math.max(...it.match.map((m) => label.lastIndexOf(m)));
    if (at >= 0) found.push({ item: it, at });
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => b.at - a.at);
  return { item: found[0]!.item, others: found.slice(1).map((f) => f.item.zh) };
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
    const matched = matchItem(label);
    const item = matched?.item;
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
    flagLeftText(row, keys, out);
    // Text of another row sits in this label: whatever is read here says so on each of its keys.
    if (matched?.others.length)
      for (const k of keys)
        out.flag(
          k,
          "ROW_TEXT_LEFT",
          `row label '${row.label}' also holds ${matched.others.map((o) => `'${o}'`).join(", ")}, whose numbers were not read; the values after it are read as '${item!.zh}'`,
        );
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

/** docs/spec/FORMATS.md §8.3: the header fixes 万元 for fees (2021); procurement (2019) prints no unit. */
function checkMoneyUnit(key: string, template: FormTemplate, out: Collector): void {
  const cell = out.cells[key];
  if (!cell || out.facts[key] === null) return;
  if (key === "proactive.fees.amount_wan_yuan" && cell.unit === "元") {
    out.flag(key, "UNIT_MISMATCH", `'${cell.raw}' is in 元 but the header says 万元; converted to 万元`);
  } else if (key === "proactive.procurement.amount_wan_yuan" && !cell.unit) {
    out.flag(key, "UNIT_ASSUMED", `'${cell.raw}' prints no unit and the ${template} header none; read as 万元`);
  }
}
