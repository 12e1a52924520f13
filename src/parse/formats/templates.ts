// The form years and how a report is told to be one (docs/spec/FORMATS.md §1.1, §12).
import type { Template } from "../types.ts";

export type ValueKind = "count" | "signed" | "money";
export type FormTemplate = "2019" | "2021";

// ---------- Template signatures (docs/spec/FORMATS.md §1.1), matched on text with whitespace removed ----------
export const TEMPLATE_SIGNATURES: Record<FormTemplate, readonly string[]> = {
  "2021": ["本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"],
  "2019": [
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "第二十条第(九)项",
    "采购总金额",
  ],
};
/** Labels of section 三's table: a page that prints one of them prints its tables as text, not as images. */
export const REQUEST_TABLE_MARKERS: readonly string[] = ["申请人情况", "本年新收", "予以公开"];
/** Labels whose presence shows the standard form's tables (used to tell a report from a non-report). */
export const FORM_MARKERS: readonly string[] = [...REQUEST_TABLE_MARKERS, "第二十条第", "结转下年度"];
/**
 * Pre-2019 reports (docs/spec/FORMATS.md §12) have no form but numbered section headings of their own:
 * `一、概述`, `三、依申请公开政府信息情况`, `四、…收费及减免情况`. Each word counts when a numbered
 * heading (`二、`) leads to it within a few characters, so prose mentioning it does not.
 */
export const LEGACY_HEADING_WORDS: readonly string[] = [
  "概述",
  "主动公开",
  "依申请公开",
  "收费及减免",
  "行政复议",
  "存在的主要问题",
  "问题和改进",
];

export function isFormTemplate(t: Template): t is FormTemplate {
  return t === "2019" || t === "2021";
}
