// Section 二, proactive disclosure (docs/spec/FORMATS.md §4): items and their measures per form year.
import type { FormTemplate, ValueKind } from "./templates.ts";

export interface MeasureSpec {
  key: string;
  zh: string;
  en: string;
  kind: ValueKind;
  unit: string;
}
export interface ProactiveItemSpec {
  key: string;
  zh: string;
  en: string;
  match: readonly string[];
  measures: Record<FormTemplate, readonly MeasureSpec[]>;
}
const DOC_2021: readonly MeasureSpec[] = [
  { key: "issued", zh: "本年制发件数", en: "issued this year", kind: "count", unit: "件" },
  { key: "repealed", zh: "本年废止件数", en: "repealed this year", kind: "count", unit: "件" },
  { key: "in_force", zh: "现行有效件数", en: "in force", kind: "count", unit: "件" },
];
const DOC_2019: readonly MeasureSpec[] = [
  { key: "made", zh: "本年新制作数量", en: "made this year", kind: "count", unit: "件" },
  { key: "published", zh: "本年新公开数量", en: "published this year", kind: "count", unit: "件" },
  { key: "total_published", zh: "对外公开总数量", en: "total published", kind: "count", unit: "件" },
];
const DECISIONS_2021: readonly MeasureSpec[] = [
  { key: "decisions", zh: "本年处理决定数量", en: "decisions this year", kind: "count", unit: "件" },
];
const ITEMS_2019: readonly MeasureSpec[] = [
  { key: "items_prev_year", zh: "上一年项目数量", en: "items in previous year", kind: "count", unit: "项" },
  { key: "items_change", zh: "本年增/减", en: "change this year (signed)", kind: "signed", unit: "项" },
  { key: "decisions", zh: "处理决定数量", en: "decisions", kind: "count", unit: "件" },
];
export const PROACTIVE_ITEMS: readonly ProactiveItemSpec[] = [
  { key: "rules", zh: "规章", en: "rules", match: ["规章"], measures: { "2021": DOC_2021, "2019": DOC_2019 } },
  {
    key: "normative_docs",
    zh: "行政规范性文件",
    en: "normative documents",
    match: ["规范性文件"],
    measures: { "2021": DOC_2021, "2019": DOC_2019 },
  },
  {
    key: "licensing",
    zh: "行政许可",
    en: "administrative licensing",
    match: ["行政许可"],
    measures: { "2021": DECISIONS_2021, "2019": ITEMS_2019 },
  },
  {
    key: "other_services",
    zh: "其他对外管理服务事项",
    en: "other external services",
    match: ["其他对外管理服务", "对外管理服务"],
    measures: { "2021": [], "2019": ITEMS_2019 },
  },
  {
    key: "penalties",
    zh: "行政处罚",
    en: "administrative penalties",
    match: ["行政处罚"],
    measures: { "2021": DECISIONS_2021, "2019": ITEMS_2019 },
  },
  {
    key: "coercion",
    zh: "行政强制",
    en: "administrative coercion",
    match: ["行政强制"],
    measures: { "2021": DECISIONS_2021, "2019": ITEMS_2019 },
  },
  {
    key: "fees",
    zh: "行政事业性收费",
    en: "administrative fees",
    match: ["行政事业性收费", "事业性收费"],
    measures: {
      "2021": [
        {
          key: "amount_wan_yuan",
          zh: "本年收费金额(单位:万元)",
          en: "fees collected (10k CNY)",
          kind: "money",
          unit: "万元",
        },
      ],
      "2019": ITEMS_2019.slice(0, 2),
    },
  },
  {
    key: "procurement",
    zh: "政府集中采购",
    en: "central government procurement",
    match: ["政府集中采购", "集中采购"],
    measures: {
      "2021": [],
      "2019": [
        { key: "items", zh: "采购项目数量", en: "procurement items", kind: "count", unit: "项" },
        { key: "amount_wan_yuan", zh: "采购总金额", en: "procurement total (10k CNY)", kind: "money", unit: "万元" },
      ],
    },
  },
];
