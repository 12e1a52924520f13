// Chinese headers, kinds and descriptions for the columns of every exportable table and view: the
// metric columns of the wide view from the dictionary, the rest from this list. Pure.
import { renderColumnName } from "../load/metrics.ts";
import { planDictionary } from "./labels.ts";
import type { Column, ColumnKind } from "./table.ts";

const META: Record<string, [string, ColumnKind, string]> = {
  report_id: [
    "报告编号（本库）",
    "id",
    "row id of the report version in this database; not stable across databases (use report_uid)",
  ],
  report_uid: ["报告标识", "text", "stable report id: agency_uid-year-v<version>"],
  agency_uid: ["机关标识", "text", "stable agency id: division code + hash of the normalised agency name"],
  agency_id: ["机关编号（本库）", "id", "row id in this database's agencies table; not stable (use agency_uid)"],
  agency: ["机关", "text", "agency name as printed in the report"],
  region_code: ["区划代码", "text", "GB/T 2260 (2023) code of the report's division"],
  province: ["省级", "text", "province"],
  city: ["地级", "text", "prefecture"],
  county: ["县级", "text", "county-level division"],
  region_text: ["地区（原文）", "text", "region as printed"],
  year: ["年份", "year", "report year"],
  template: ["表式", "text", "2021, 2019, pre2019 or unknown form"],
  status: ["状态", "text", "ok, flagged (a flag or failing identity) or failed"],
  version: ["版本", "count", "1, 2, … for republished reports"],
  current: ["当前版本", "count", "1 for the current version"],
  title: ["标题", "text", "report title"],
  published: ["发布日期", "text", "publication date as printed"],
  parser_version: ["解析器版本", "text", "gongkai parser version"],
  url: ["来源网址", "text", "where the document was fetched"],
  path: ["本地路径", "text", "local file it was loaded from"],
  sha256: ["原文SHA-256", "text", "SHA-256 of the archived bytes"],
  fetched_at: ["抓取时间", "text", "fetch time, ISO 8601 UTC"],
  loaded_at: ["入库时间", "text", "load time, ISO 8601 UTC"],
  archive_path: ["存档路径", "text", "content-addressed archive copy"],
  media_type: ["文件类型", "text", "media type of the document"],
  key: ["指标代码", "text", "metric key <section>.<row>.<column> (docs/spec/SCHEMA.md)"],
  metric: ["指标代码", "text", "metric key"],
  label_zh: ["指标", "text", "the label the form prints"],
  value: [
    "数值",
    "money",
    "the number; blank = printed blank (never 0); counts are whole numbers, 万元 amounts keep decimals",
  ],
  raw: ["原文", "text", "the cell's printed text"],
  locator: ["原文位置", "text", "where in the document: table/row/col, line, or PDF page and coordinates"],
  confidence: ["置信度", "money", "0–1; below 1 when read from glued text"],
  method: ["读取方式", "text", "direct or how it was split"],
  flagged: ["是否标记", "count", "1 when the parser flagged this cell"],
  unit: ["单位", "text", "unit"],
  section: ["部分", "text", "proactive (二), requests (三), appeals (四)"],
  row: ["行", "text", "form row"],
  col: ["列", "text", "form column"],
  bridged: ["合并子项", "count", "1 when a 2021 (六) value is the sum of its three sub-rows"],
  comparable: ["可跨版比较", "count", "1 when the quantity is the same in the 2019 and 2021 forms"],
  reason: ["入库原因", "text", "new, changed or reparsed"],
  report_key: ["报告键", "text", "identity across versions in this database"],
  shape: ["原文形态", "text", "how the tables arrived: html-table, pdf-text, bar-text, …"],
  document_id: ["文件编号（本库）", "id", "row id of the document"],
  rendition: [
    "读取来源",
    "text",
    "what the facts were read from: html, text, pdf-text, docx, xlsx, libreoffice, ocr or other",
  ],
  is_primary: ["主文件", "count", "1 for the document this version's facts were read from"],
  documents: ["文件数", "count", "documents of this report version: renditions and copies with the same numbers"],
  unread: ["未读出单元格", "count", "cells this document's reading left blank and flagged"],
  flags: ["标记数", "count", "the parser's flags on this document"],
  site_id: ["站点", "text", "registry site the document was crawled from"],
};

/** A column of an exported view: Chinese header, kind and description. */
export function describeColumn(name: string): Column {
  const meta = META[name];
  if (meta) return { key: name, zh: meta[0], kind: meta[1], note: meta[2] };
  const m = wideIndex().get(name);
  if (m) return { key: name, zh: m.label_zh, kind: m.kind, unit: m.unit, note: `${m.key}: ${m.label_en}` };
  return { key: name, zh: name, kind: "text" };
}

let wide: Map<string, ReturnType<typeof planDictionary>["rows"][number]> | null = null;
function wideIndex() {
  wide ??= new Map(planDictionary().rows.map((m) => [renderColumnName(m.key), m]));
  return wide;
}
