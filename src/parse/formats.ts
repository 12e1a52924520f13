// The official report formats as data (docs/spec/FORMATS.md): section headings, row and column
// labels with their discriminators, canonical keys, value kinds and the identities. Parsers,
// checks, the loader's metric dictionary and the bench generator all read these tables; no
// label string appears as a branch anywhere else.
import type { Template } from "./types.ts";
import { appealKey, proactiveKey } from "./keys.ts";

export type ValueKind = "count" | "signed" | "money";
export type FormTemplate = "2019" | "2021";

// ---------- Sections (docs/spec/FORMATS.md §3): found by heading text, in order, never by numeral ----------
export type SectionId = "overview" | "proactive" | "requests" | "appeals" | "problems" | "other";
export interface SectionSpec {
  id: SectionId;
  numeral: string;
  match: RegExp;
  zh: string;
}
/** Heading matchers run on the normalised line with whitespace removed. */
export const SECTIONS: readonly SectionSpec[] = [
  {
    id: "overview",
    numeral: "一",
    match: /^一[、.]?(?:政府信息公开工作)?总体情况|^一[、.]?(?:概述|主要工作概述|基本工作情况)/,
    zh: "总体情况",
  },
  {
    id: "proactive",
    numeral: "二",
    match: /^二[、.]?(?:行政机关)?主动公开政府信息(?:的)?情况/,
    zh: "主动公开政府信息情况",
  },
  {
    id: "requests",
    numeral: "三",
    match: /^三[、.]?收到和处理政府信息公开申请(?:的)?情况/,
    zh: "收到和处理政府信息公开申请情况",
  },
  {
    id: "appeals",
    numeral: "四",
    match: /^四[、.]?(?:因)?政府信息公开(?:工作)?(?:被申请)?(?:申请)?行政复议/,
    zh: "政府信息公开行政复议、行政诉讼情况",
  },
  {
    id: "problems",
    numeral: "五",
    match: /^五[、.]?(?:政府信息公开工作)?(?:当前)?存在(?:的)?(?:主要)?问题/,
    zh: "存在的主要问题及改进情况",
  },
  { id: "other", numeral: "六", match: /^六[、.]?其他需要报告的事项/, zh: "其他需要报告的事项" },
];

// ---------- Section 三 (docs/spec/FORMATS.md §5) ----------
export const APPLICANTS = [
  "natural_person",
  "commercial",
  "research",
  "nonprofit",
  "legal_services",
  "other_org",
] as const;
export const APPLICANT_COLUMNS = [...APPLICANTS, "total"] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];
export const APPLICANT_LABELS: Record<ApplicantColumn, { zh: string; en: string }> = {
  natural_person: { zh: "自然人", en: "natural persons" },
  commercial: { zh: "商业企业", en: "commercial enterprises" },
  research: { zh: "科研机构", en: "research institutions" },
  nonprofit: { zh: "社会公益组织", en: "non-profit organisations" },
  legal_services: { zh: "法律服务机构", en: "legal service providers" },
  other_org: { zh: "其他", en: "other organisations" },
  total: { zh: "总计", en: "total" },
};

/** Outcome groups whose leaves sum into H3; each has a group label that owns no values. */
export type RequestGroup = "withheld" | "unavailable" | "not_processed" | "other";
export interface RequestRowSpec {
  key: string;
  zh: string;
  en: string;
  /** Substrings of the normalised label (§9.1) that identify the row (§9.2). */
  match: readonly string[];
  /** Exact normalised label required instead of a substring (`3.其他`). */
  exact?: string;
  group?: RequestGroup;
  /** Counted in H3 (every outcome leaf). */
  outcome?: boolean;
  templates: readonly FormTemplate[];
}
const BOTH = ["2019", "2021"] as const;
export const REQUEST_ROWS: readonly RequestRowSpec[] = [
  {
    key: "new",
    zh: "一、本年新收政府信息公开申请数量",
    en: "new requests this year",
    match: ["本年新收"],
    templates: BOTH,
  },
  {
    key: "carried_over",
    zh: "二、上年结转政府信息公开申请数量",
    en: "carried over from last year",
    match: ["上年结转"],
    templates: BOTH,
  },
  { key: "granted", zh: "(一)予以公开", en: "granted", match: ["予以公开"], outcome: true, templates: BOTH },
  {
    key: "partly_granted",
    zh: "(二)部分公开",
    en: "partly granted",
    match: ["部分公开"],
    outcome: true,
    templates: BOTH,
  },
  {
    key: "withheld_state_secret",
    zh: "不予公开:属于国家秘密",
    en: "withheld: state secret",
    match: ["国家秘密"],
    group: "withheld",
    outcome: true,
    templates: BOTH,
  },
  // `行政止公开` is a typo printed by real reports (Huai'an 2023/2024).
  {
    key: "withheld_prohibited_by_law",
    zh: "不予公开:其他法律行政法规禁止公开",
    en: "withheld: prohibited by other laws",
    match: ["法规禁止公开", "法律行政", "禁止公开", "行政止公开"],
    group: "withheld",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "withheld_security_stability",
    zh: "不予公开:危及“三安全一稳定”",
    en: "withheld: endangers security or stability",
    match: ["三安全一稳定", "三安全"],
    group: "withheld",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "withheld_third_party",
    zh: "不予公开:保护第三方合法权益",
    en: "withheld: third-party rights",
    match: ["第三方合法权益", "第三方"],
    group: "withheld",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "withheld_internal_affairs",
    zh: "不予公开:属于三类内部事务信息",
    en: "withheld: internal affairs",
    match: ["三类内部事务", "内部事务"],
    group: "withheld",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "withheld_process_info",
    zh: "不予公开:属于四类过程性信息",
    en: "withheld: process information",
    match: ["四类过程性信息", "过程性信息"],
    group: "withheld",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "withheld_enforcement_file",
    zh: "不予公开:属于行政执法案卷",
    en: "withheld: enforcement files",
    match: ["行政执法案卷"],
    group: "withheld",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "withheld_query_matter",
    zh: "不予公开:属于行政查询事项",
    en: "withheld: administrative query matter",
    match: ["行政查询事项"],
    group: "withheld",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "unavailable_not_held",
    zh: "无法提供:本机关不掌握相关政府信息",
    en: "unavailable: not held",
    match: ["不掌握"],
    group: "unavailable",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "unavailable_needs_creation",
    zh: "无法提供:没有现成信息需要另行制作",
    en: "unavailable: would need creating",
    match: ["另行制作", "没有现成信息"],
    group: "unavailable",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "unavailable_unclear",
    zh: "无法提供:补正后申请内容仍不明确",
    en: "unavailable: unclear after correction",
    match: ["补正后", "仍不明确"],
    group: "unavailable",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "not_processed_petition",
    zh: "不予处理:信访举报投诉类申请",
    en: "not processed: petitions and complaints",
    match: ["信访举报投诉"],
    group: "not_processed",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "not_processed_repeated",
    zh: "不予处理:重复申请",
    en: "not processed: repeated",
    match: ["重复申请"],
    group: "not_processed",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "not_processed_publication",
    zh: "不予处理:要求提供公开出版物",
    en: "not processed: publications",
    match: ["公开出版物"],
    group: "not_processed",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "not_processed_excessive",
    zh: "不予处理:无正当理由大量反复申请",
    en: "not processed: excessive",
    match: ["大量反复申请", "大量反复"],
    group: "not_processed",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "not_processed_confirmation",
    zh: "不予处理:要求行政机关确认或重新出具已获取信息",
    en: "not processed: confirmation of held information",
    match: ["确认或重新出具", "重新出具"],
    group: "not_processed",
    outcome: true,
    templates: BOTH,
  },
  // (六) is one value row in 2019 (and some later reports) and three sub-rows in 2021 (§5.3).
  {
    key: "other",
    zh: "(六)其他处理",
    en: "other handling",
    match: ["其他处理"],
    group: "other",
    outcome: true,
    templates: BOTH,
  },
  {
    key: "other_no_correction",
    zh: "其他处理:申请人无正当理由逾期不补正",
    en: "other: no correction in time",
    match: ["逾期不补正"],
    group: "other",
    outcome: true,
    templates: ["2021"],
  },
  {
    key: "other_no_fee",
    zh: "其他处理:申请人逾期未按收费通知要求缴纳费用",
    en: "other: fee not paid",
    match: ["逾期未按收费通知", "缴纳费用"],
    group: "other",
    outcome: true,
    templates: ["2021"],
  },
  {
    key: "other_misc",
    zh: "其他处理:其他",
    en: "other: miscellaneous",
    match: [],
    exact: "其他",
    group: "other",
    outcome: true,
    templates: ["2021"],
  },
  { key: "total", zh: "(七)总计", en: "total", match: [], exact: "总计", templates: BOTH },
  {
    key: "carried_forward",
    zh: "四、结转下年度继续办理",
    en: "carried forward to next year",
    match: ["结转下年度", "结转下一年"],
    templates: BOTH,
  },
];

/** Group labels own no values (§5.3); matched so that they are never taken for data rows. */
export const REQUEST_GROUP_LABELS: readonly { group: RequestGroup | "results"; match: string }[] = [
  { group: "results", match: "本年度办理结果" },
  { group: "withheld", match: "不予公开" },
  { group: "unavailable", match: "无法提供" },
  { group: "not_processed", match: "不予处理" },
  { group: "other", match: "其他处理" },
];

/** Derived subtotal keys (§7.2): in facts only when a report prints them. */
export const REQUEST_SUBTOTALS: readonly { key: RequestGroup; match: readonly string[] }[] = [
  { key: "withheld", match: ["不予公开"] },
  { key: "unavailable", match: ["无法提供"] },
  { key: "not_processed", match: ["不予处理"] },
];

// ---------- Section 二 (docs/spec/FORMATS.md §4) ----------
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

// ---------- Section 四 (docs/spec/FORMATS.md §6): read positionally, 15 cells ----------
export const APPEAL_GROUPS = [
  { key: "review", zh: "行政复议", en: "administrative review" },
  { key: "litigation_direct", zh: "行政诉讼:未经复议直接起诉", en: "litigation without prior review" },
  { key: "litigation_after_review", zh: "行政诉讼:复议后起诉", en: "litigation after review" },
] as const;
export const APPEAL_OUTCOMES = [
  { key: "upheld", zh: "结果维持", en: "upheld" },
  { key: "corrected", zh: "结果纠正", en: "corrected" },
  { key: "other", zh: "其他结果", en: "other outcome" },
  { key: "pending", zh: "尚未审结", en: "pending" },
  { key: "total", zh: "总计", en: "total" },
] as const;
export const APPEAL_KEYS: readonly string[] = APPEAL_GROUPS.flatMap((g) =>
  APPEAL_OUTCOMES.map((o) => appealKey(g.key, o.key)),
);

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
/** Labels whose presence shows the standard form's tables (used to tell a report from a non-report). */
export const FORM_MARKERS: readonly string[] = ["申请人情况", "本年新收", "第二十条第", "结转下年度", "予以公开"];
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

/** Keys the template defines for the non-request sections, in printed order. */
export function proactiveKeys(t: FormTemplate): string[] {
  return PROACTIVE_ITEMS.flatMap((it) => it.measures[t].map((m) => proactiveKey(it.key, m.key)));
}

/**
 * The seven keys of a section-三 row (`requests.new` → `requests.new.natural_person`, …), one
 * array per row prefix: building and hashing 175 fresh key strings per report was a large share of
 * parse time.
 */
const ROW_KEYS = new Map<string, readonly string[]>();
export function applicantKeys(prefix: string): readonly string[] {
  let keys = ROW_KEYS.get(prefix);
  if (keys === undefined) {
    keys = APPLICANT_COLUMNS.map((c) => `${prefix}.${c}`);
    if (ROW_KEYS.size < 10_000) ROW_KEYS.set(prefix, keys); // extra_<slug> rows are unbounded; keep the cache bounded
  }
  return keys;
}

export function isFormTemplate(t: Template): t is FormTemplate {
  return t === "2019" || t === "2021";
}
