// The 说明 sheet of every XLSX: what each column of each sheet means (header, key, unit,
// description), and where the numbers come from. Pure.
import { type DataTable, renderHeader } from "./table.ts";

const ABOUT = [
  "数据来自各级政府机关公开发布的《政府信息公开工作年度报告》，由 gongkai 读取；每个数字都可追溯到存档原文（来源网址、抓取时间、SHA-256）。",
  "空白表示报告未填写该项，不作 0 处理；件数为整数，金额单位为万元并保留小数。",
  "“状态”为“flagged”的报告有解析标记或勾稽关系不平，数字按报告印出的保留。详见 docs/data-note.md。",
];

export function planNotesTable(tables: readonly DataTable[], source?: string): DataTable {
  return {
    name: "notes",
    title: "说明",
    columns: [
      { key: "sheet", zh: "工作表", kind: "text" },
      { key: "column", zh: "列", kind: "text" },
      { key: "key", zh: "代码", kind: "text" },
      { key: "unit", zh: "单位", kind: "text" },
      { key: "note", zh: "说明", kind: "text" },
    ],
    rows: [
      ...ABOUT.map((t) => ["（全部）", null, null, null, t]),
      ...(source ? [["（全部）", "本页链接", null, null, source]] : []),
      ...tables.flatMap((t) => t.columns.map((c) => [t.title, renderHeader(c), c.key, c.unit ?? null, c.note ?? null])),
    ],
  };
}
