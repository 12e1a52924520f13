// Synthetic parse results generated from the formats data with every hard identity holding
// (docs/spec/FORMATS.md §7.1): for the load benchmark and the loader's crash tests. Pure and deterministic:
// the same index always gives the same report.
import { appealKey, proactiveKey, requestKey } from "../src/parse/keys.ts";
import {
  APPEAL_GROUPS,
  APPEAL_OUTCOMES,
  APPLICANTS,
  PROACTIVE_ITEMS,
  REQUEST_ROWS,
  type FormTemplate,
} from "../src/parse/formats.ts";
import { evaluateChecks } from "../src/parse/checks.ts";
import type { ParseResult } from "../src/parse/index.ts";

/** Real region texts, so synthetic reports resolve to codes like real ones. */
const REGIONS = [
  "重庆市梁平区",
  "江苏省淮安市洪泽区",
  "江苏省淮安市",
  "福建省平潭综合实验区",
  "北京市朝阳区",
  "广东省东莞市",
  "四川省成都市武侯区",
  "浙江省杭州市西湖区",
];
const DEPARTMENTS = ["人民政府", "财政局", "公安局", "市场监督管理局", "生态环境局"];
const PHRASES = [
  "坚持以习近平新时代中国特色社会主义思想为指导",
  "全面贯彻落实《中华人民共和国政府信息公开条例》",
  "深化政务公开",
  "依申请公开办理质量进一步提升",
  "主动回应社会关切",
  "加强政府网站建设",
  "存在的主要问题是公开内容不够全面",
  "行政复议和行政诉讼案件数量有所下降",
  "下一步将继续完善制度",
];

export interface SyntheticOptions {
  /** Reports per agency, one per year from `firstYear`. @default 5 */
  years?: number;
  /** @default 2019 */
  firstYear?: number;
  /** Characters of narrative per section. @default 300 */
  narrativeChars?: number;
  /** Parser version stamped on the result. @default "synthetic" */
  parserVersion?: string;
}

/** mulberry32: a small seeded PRNG, so synthetic data (and the fault tests) can be replayed by seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCEPTED_OUTCOMES = (t: FormTemplate) =>
  REQUEST_ROWS.filter((r) => r.outcome && r.templates.includes(t) && !(t === "2021" && r.key === "other"));

/** The i-th synthetic report: agency i ÷ years, year firstYear + i mod years. */
export function planSyntheticReport(i: number, opts: SyntheticOptions = {}): ParseResult {
  const { years = 5, firstYear = 2019, narrativeChars = 300, parserVersion = "synthetic" } = opts;
  const rand = seededRandom(i + 1);
  const int = (max: number): number => Math.floor(rand() * (max + 1));
  const agencyNo = Math.floor(i / years);
  const region = REGIONS[agencyNo % REGIONS.length] as string;
  const agency = `${region}第${agencyNo}${DEPARTMENTS[agencyNo % DEPARTMENTS.length]}`;
  const year = firstYear + (i % years);
  const template: FormTemplate = year >= 2021 ? "2021" : "2019";
  const facts: Record<string, number | null> = {};
  const set = (key: string, v: number): void => {
    facts[key] = v;
  };

  // Section 三: leaves random per applicant, totals by identity (H1, H2, H3; checked below).
  const outcomes = ACCEPTED_OUTCOMES(template);
  for (const c of APPLICANTS) {
    let total = 0;
    for (const r of outcomes) {
      const v = int(r.key.startsWith("granted") ? 40 : 3);
      set(requestKey(r.key, c), v);
      total += v;
    }
    const forward = int(5);
    const over = int(Math.min(5, total + forward));
    set(requestKey("total", c), total);
    set(requestKey("carried_forward", c), forward);
    set(requestKey("carried_over", c), over);
    set(requestKey("new", c), total + forward - over);
  }
  for (const r of REQUEST_ROWS) {
    if (!r.templates.includes(template) || (template === "2021" && r.key === "other")) continue;
    set(
      requestKey(r.key, "total"),
      APPLICANTS.reduce((s, c) => s + (facts[requestKey(r.key, c)] ?? 0), 0),
    );
  }
  // Section 四 (H4).
  for (const g of APPEAL_GROUPS) {
    let total = 0;
    for (const o of APPEAL_OUTCOMES) {
      if (o.key === "total") continue;
      const v = int(3);
      set(appealKey(g.key, o.key), v);
      total += v;
    }
    set(appealKey(g.key, "total"), total);
  }
  // Section 二.
  for (const item of PROACTIVE_ITEMS) {
    for (const m of item.measures[template]) {
      const v = m.kind === "money" ? Math.round(rand() * 1e6) / 100 : m.kind === "signed" ? int(20) - 10 : int(500);
      set(proactiveKey(item.key, m.key), v);
    }
  }
  // The identities are the parser's own (src/parse/checks.ts), not a second copy of them.
  const checks = evaluateChecks(facts, new Set());
  const cells: ParseResult["cells"] = {};
  for (const [k, v] of Object.entries(facts)) cells[k] = { raw: String(v), confidence: 1, method: "direct" };
  const prose = (n: number): string => {
    let s = "";
    while (s.length < narrativeChars) s += `${PHRASES[int(PHRASES.length - 1)]}${n % 2 ? "，" : "。"}`;
    return s.slice(0, narrativeChars);
  };
  return {
    source: { path: `synthetic/${i}.txt`, sha256: `synthetic-${i}`, media_type: "text/plain", shape: "bar-text" },
    report: {
      title: `${agency}${year}年政府信息公开工作年度报告`,
      region,
      agency,
      year,
      template,
      published: `${year + 1}-01-${String(10 + (i % 20)).padStart(2, "0")}`,
    },
    facts,
    cells,
    checks,
    flags: [],
    status: checks.every((c) => c.ok || !c.hard) ? "ok" : "flagged",
    narrative: { overview: prose(1), problems: prose(2), other: prose(3) },
    parser_version: parserVersion,
  };
}
