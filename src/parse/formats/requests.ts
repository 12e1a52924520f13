// Section 三, requests received and how they were answered (docs/spec/FORMATS.md §5): the applicant columns,
// the rows with their label matchers and discriminators, the group labels and the derived subtotals.
import type { FormTemplate } from "./templates.ts";

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
