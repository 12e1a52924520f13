// The Report page: one report version with its tables laid out as the form prints them (sections 二,
// 三, 四 with the form's labels), every cell with its provenance, and its failing identities and flags
// explained in words. Reading only.
import { appealKey, proactiveKey, requestKey } from "../parse/keys.ts";
import type { Database } from "../db/index.ts";
import {
  APPEAL_GROUPS,
  APPEAL_OUTCOMES,
  APPLICANT_COLUMNS,
  APPLICANT_LABELS,
  type FormTemplate,
  PROACTIVE_ITEMS,
  REQUEST_ROWS,
} from "../parse/formats.ts";
import { type AgencyType, classifyAgency, renderAgencyUid, renderReportUid } from "./agency.ts";
import { planDictionary, SECTION_LABELS } from "./labels.ts";

export interface ReportMeta {
  id: number;
  uid: string;
  agency_uid: string;
  agency: string | null;
  type: AgencyType;
  region_code: string | null;
  place: string | null;
  year: number | null;
  template: string;
  status: string;
  version: number;
  current: number;
  title: string | null;
  published: string | null;
  parser_version: string;
  loaded_at: string;
  url: string | null;
  path: string | null;
  sha256: string;
  fetched_at: string | null;
  media_type: string | null;
  archive_path: string | null;
}

/** A document of the report version: the primary its facts were read from, or another rendition or copy with the same numbers. */
export interface ReportDocument {
  document_id: number;
  is_primary: number;
  rendition: string;
  status: string;
  unread: number;
  flags: number;
  url: string | null;
  path: string | null;
  sha256: string;
  media_type: string | null;
  fetched_at: string | null;
  loaded_at: string;
}

export interface FactCell {
  key: string;
  value: number | null;
  raw: string | null;
  locator: string | null;
  confidence: number | null;
  method: string | null;
  flagged: number;
}

export interface LaidOutTable {
  section: string;
  title: string;
  /** Column headings; the first is the row label's. */
  head: string[];
  rows: { label: string; cells: (string | null)[] }[];
}

export interface Explanation {
  kind: "check" | "flag";
  code: string;
  text: string;
  keys: string[];
}

export interface ReportView {
  meta: ReportMeta;
  facts: Map<string, FactCell>;
  tables: LaidOutTable[];
  explanations: Explanation[];
  narratives: { section: string; body: string }[];
  versions: { id: number; version: number; current: number; loaded_at: string }[];
  /** Every document of this version, the primary first (docs/load.md, "Renditions"). */
  documents: ReportDocument[];
}

export function queryReportMeta(db: Database, id: number): ReportMeta | null {
  const r = db
    .prepare(`SELECT r.id, r.agency, r.region_code, coalesce(g.county, g.city, g.province, r.region_text) AS place, r.year,
      r.template, r.status, r.version, r.current, r.title, r.published, r.parser_version, r.loaded_at,
      d.url, d.path, d.sha256, d.fetched_at, d.media_type, d.archive_path
    FROM reports r JOIN documents d ON d.id = r.document_id LEFT JOIN regions g ON g.code = r.region_code WHERE r.id = ?`)
    .get(id) as Omit<ReportMeta, "uid" | "agency_uid" | "type"> | undefined;
  if (!r) return null;
  const agencyUid = renderAgencyUid(r.region_code, r.agency);
  return {
    ...r,
    agency_uid: agencyUid,
    uid: renderReportUid(agencyUid, r.year, r.version),
    type: classifyAgency(r.agency),
  };
}

/** The form's tables for a template, as (section, title, head, rows of keys). */
export function planFormTables(
  template: FormTemplate,
): { section: string; title: string; head: string[]; rows: { label: string; keys: (string | null)[] }[] }[] {
  // Section 二 prints one small table per group of items sharing the same measures (规章 and 规范性文件;
  // 许可; 处罚 and 强制; 收费), each with its own column heads.
  const proactive: ReturnType<typeof planFormTables> = [];
  for (const item of PROACTIVE_ITEMS) {
    const ms = item.measures[template];
    if (!ms.length) continue;
    const head = ["信息内容", ...ms.map((m) => m.zh)];
    const last = proactive[proactive.length - 1];
    const row = { label: item.zh, keys: ms.map((m) => proactiveKey(item.key, m.key)) as (string | null)[] };
    if (last && last.head.join("|") === head.join("|")) last.rows.push(row);
    else proactive.push({ section: "proactive", title: SECTION_LABELS.proactive as string, head, rows: [row] });
  }
  const requests = {
    section: "requests",
    title: SECTION_LABELS.requests as string,
    head: ["申请人情况", ...APPLICANT_COLUMNS.map((c) => APPLICANT_LABELS[c].zh)],
    rows: REQUEST_ROWS.filter((r) => r.templates.includes(template)).map((r) => ({
      label: r.zh,
      keys: APPLICANT_COLUMNS.map((c) => requestKey(r.key, c)) as (string | null)[],
    })),
  };
  const appeals = {
    section: "appeals",
    title: SECTION_LABELS.appeals as string,
    head: ["类别", ...APPEAL_OUTCOMES.map((o) => o.zh)],
    rows: APPEAL_GROUPS.map((g) => ({
      label: g.zh,
      keys: APPEAL_OUTCOMES.map((o) => appealKey(g.key, o.key)) as (string | null)[],
    })),
  };
  return [...proactive, requests, appeals];
}

const CHECK_WORDS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^requests\.row_total\.(.+)$/, () => "三、此行六类申请人之和应等于本行总计"],
  [/^requests\.balance\.(.+)$/, () => "三、本年新收 + 上年结转 应等于 办理结果总计 + 结转下年度继续办理"],
  [/^requests\.outcomes\.(.+)$/, () => "三、各项办理结果之和应等于（七）总计"],
  [/^requests\.subtotal_(\w+)\.(.+)$/, () => "三、印出的小计应等于其各子项之和"],
  [/^appeals\.group_total\.(.+)$/, () => "四、维持、纠正、其他、尚未审结四项之和应等于总计"],
  [/^requests\.bound\.total$/, () => "三、办理总数不应超过新收与结转之和（提示性检查）"],
  [/^proactive\.published_le_total\.(.+)$/, () => "二、本年新公开数量不应超过对外公开总数量（提示性检查）"],
];

export const FLAG_WORDS: Record<string, string> = {
  AMBIGUOUS_SPLIT: "页面文字中相连的数字有多种拆分方式，无法确定，未取值",
  CELL_COUNT: "此行数值个数与表式不符，未取值",
  BAD_NUMBER: "单元格内容不是有效数字",
  SIGN_NOT_ALLOWED: "此处不应出现负号",
  DECIMAL_IN_COUNT: "件数中出现小数",
  BR_IN_NUMBER: "数字中间有换行",
  UNIT_MISMATCH: "金额单位与表式不符",
  UNIT_ASSUMED: "金额单位未印出，按表式假定为万元",
  ROW_MISSING: "报告未印出表式中的这一行",
  ROW_OUT_OF_PLACE: "表式中的一行重复印出或顺序错乱",
  ROW_LABEL_UNMATCHED: "有一行的名称与表式对不上",
  TABLE_NOT_FOUND: "未找到该表格",
  TEMPLATE_MIXED: "报告混用了2019年版与2021年版表式",
  IDENTITY_FAILED: "勾稽关系不平：报告自相矛盾（保留印出的数字）",
  SPAN_CLIPPED: "HTML表格的合并单元格超出表格范围",
  COLSPAN_ZERO: "HTML表格的 colspan 为 0",
  TABLE_MODEL_ERROR: "HTML表格结构有误",
  NO_TEXT_LAYER: "PDF没有文字层（可能是扫描件）",
  DUPLICATE_KEY: "同一指标出现两次",
};

const fmt = (v: number | null): string => (v === null ? "空" : String(Math.round(v * 100) / 100));

export function queryReportView(db: Database, id: number): ReportView | null {
  const meta = queryReportMeta(db, id);
  if (!meta) return null;
  const facts = new Map(
    (
      db
        .prepare("SELECT key, value, raw, locator, confidence, method, flagged FROM facts WHERE report_id = ?")
        .all(id) as FactCell[]
    ).map((f) => [f.key, f]),
  );
  const template = meta.template === "2019" || meta.template === "2021" ? meta.template : null;
  const tables: LaidOutTable[] = template
    ? planFormTables(template).map((t) => ({
        section: t.section,
        title: t.title,
        head: t.head,
        rows: t.rows.map((r) => ({ label: r.label, cells: r.keys })),
      }))
    : [];
  const { byKey } = planDictionary();
  const labelOf = (k: string) => byKey.get(k)?.label_zh ?? k;
  const explanations: Explanation[] = [];
  const checks = db
    .prepare("SELECT check_id, hard, expected, actual, keys FROM checks WHERE report_id = ? AND ok = 0 ORDER BY seq")
    .all(id) as { check_id: string; hard: number; expected: number | null; actual: number | null; keys: string }[];
  for (const c of checks) {
    const rule = CHECK_WORDS.find(([re]) => re.test(c.check_id));
    const words = rule ? rule[1](c.check_id.match(rule[0]) as RegExpMatchArray) : c.check_id;
    const keys = JSON.parse(c.keys) as string[];
    const col = c.check_id.split(".").pop() ?? "";
    const colZh = (APPLICANT_LABELS as Record<string, { zh: string }>)[col]?.zh;
    explanations.push({
      kind: "check",
      code: c.check_id,
      text: `${c.hard ? "勾稽关系不平" : "提示"}：${words}${colZh ? `（${colZh}列）` : ""}。按印出的数字，等式左边为 ${fmt(c.expected)}，右边为 ${fmt(c.actual)}。`,
      keys,
    });
  }
  const flags = db.prepare("SELECT key, code, message FROM flags WHERE report_id = ? ORDER BY seq").all(id) as {
    key: string | null;
    code: string;
    message: string;
  }[];
  for (const f of flags)
    explanations.push({
      kind: "flag",
      code: f.code,
      text: `${FLAG_WORDS[f.code] ?? f.code}${f.key ? `（${labelOf(f.key)}）` : ""}。解析器记录：${f.message}`,
      keys: f.key ? [f.key] : [],
    });
  const narratives = db
    .prepare("SELECT section, body FROM narratives WHERE report_id = ? ORDER BY section")
    .all(id) as { section: string; body: string }[];
  const versions = db
    .prepare(`SELECT r2.id, r2.version, r2.current, r2.loaded_at FROM reports r JOIN reports r2 ON r2.report_key = r.report_key
      WHERE r.id = ? ORDER BY r2.version`)
    .all(id) as ReportView["versions"];
  const documents = db
    .prepare(`SELECT rd.document_id, rd.is_primary, rd.rendition, rd.status, rd.unread, rd.flags, d.url, d.path, d.sha256,
        d.media_type, d.fetched_at, rd.loaded_at
      FROM report_documents rd JOIN documents d ON d.id = rd.document_id
      WHERE rd.report_id = ? ORDER BY rd.is_primary DESC, rd.loaded_at, rd.document_id`)
    .all(id) as ReportDocument[];
  return { meta, facts, tables, explanations, narratives, versions, documents };
}
