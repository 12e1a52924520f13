// `gongkai metrics`, the Metrics page and the data dictionary in exports: every key with its Chinese
// label, section, unit, kind and the forms it exists in. Pure.
import { planDictionary, renderKindLabel, SECTION_LABELS } from "./labels.ts";
import type { DataTable } from "./table.ts";

export function planMetricsTable(): DataTable {
  return {
    name: "metrics",
    title: "指标说明",
    columns: [
      { key: "key", zh: "代码", kind: "text" },
      { key: "label_zh", zh: "指标", kind: "text" },
      { key: "section", zh: "部分", kind: "text" },
      { key: "unit", zh: "单位", kind: "text" },
      { key: "kind", zh: "类型", kind: "text" },
      { key: "forms", zh: "表式版本", kind: "text" },
      { key: "label_en", zh: "英文名称", kind: "text" },
      { key: "comparable", zh: "可跨版比较", kind: "count" },
      { key: "derived", zh: "派生小计", kind: "count" },
      { key: "note", zh: "说明", kind: "text" },
    ],
    rows: planDictionary().rows.map((m) => [
      m.key,
      m.label_zh,
      SECTION_LABELS[m.section] ?? m.section,
      m.unit,
      `${m.kind}（${renderKindLabel(m.kind)}）`,
      m.templates,
      m.label_en,
      m.comparable,
      m.derived,
      m.note,
    ]),
  };
}
