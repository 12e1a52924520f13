// Report metadata from the text (docs/spec/FORMATS.md §1.1, §11): year from the statistics period or the
// title, title, publication date, region and agency. Pure; page metadata (HTML meta tags, the
// crawler's site entry) wins over what the text suggests.
import { FORM_MARKERS, type FormTemplate, TEMPLATE_SIGNATURES } from "./formats.ts";
import { squeeze } from "./normalize.ts";
import type { Flag, PageMeta, ReportMeta, Template } from "./types.ts";

const PERIOD_RE =
  /统计(?:日期|期限|时限|区间|时间|范围)?(?:为|是|从|自)?(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?(?:至|到|—|-|~)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/;
const TITLE_RE = /\d{4}年(?:度)?.{0,12}?信息公开(?:工作)?(?:年度)?报告/;
const PUBLISHED_RE = /(?:发布时间|发布日期|成文日期|日期)\s*[:：]\s*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/;
const PLAUSIBLE = (y: number) => y >= 2007 && y <= 2100;

export interface TextMeta {
  year: number | null;
  title: string | null;
  published: string | null;
  region: string | null;
  agency: string | null;
  flags: Flag[];
}

/** `flat` is the report text after `squeeze` (computed once per report). */
export function parseYear(flat: string, title: string | null): number | null {
  const s = flat.slice(0, 20000);
  const p = PERIOD_RE.exec(s);
  if (p) {
    const y = Number(p[4] ?? p[1]);
    if (PLAUSIBLE(y)) return y;
  }
  for (const src of [title ?? "", s]) {
    const m = /(\d{4})年(?:度)?(?:政府)?信息公开(?:工作)?(?:年度)?报告/.exec(squeeze(src));
    if (m && PLAUSIBLE(Number(m[1]))) return Number(m[1]);
  }
  return null;
}

function findTitle(text: string): string | null {
  const head = text.slice(0, 3000);
  const labelled = head.includes("标题") ? /(?:^|\n)\s*标题\s*[:：]\s*(.+)/.exec(head) : null;
  if (labelled?.[1]) return labelled[1].trim();
  // A title is a short line of its own; a preamble sentence that mentions 本报告 is not one.
  for (const line of head.split("\n")) {
    const t = line.trim();
    if (t.length <= 60 && t.includes("报告") && t.includes("信息公开") && TITLE_RE.test(t)) return t;
  }
  return null;
}

const PARTICLES_RE = /^.*[在于由向对从将把的和与及、是为经]/;
const REGION_RE = /([\u4e00-\u9fa5]{2,18}?(?:省|自治区|市|州|盟|区|县|旗))$/;

/** `重庆市梁平区人民政府` → region `重庆市梁平区`, agency `梁平区人民政府`. */
export function parseRegionAgency(
  flat: string,
  title: string | null,
): { region: string | null; agency: string | null } {
  let region: string | null = null;
  // The issuing government names itself in the preamble or the closing lines (网站, 联系方式).
  const t = flat.length > 8000 ? `${flat.slice(0, 4000)}。${flat.slice(-4000)}` : flat;
  // Find 人民政府 first and read the name before it: a regex anchored on the name would try every position.
  for (let at = t.indexOf("人民政府"); at !== -1; at = t.indexOf("人民政府", at + 4)) {
    const m = REGION_RE.exec(t.slice(Math.max(0, at - 24), at));
    if (!m) continue;
    const cand = (m[1] ?? "").replace(PARTICLES_RE, "");
    if (cand.length >= 3 && (!region || cand.length > region.length)) region = cand;
  }
  let agency: string | null = title ? agencyOfTitle(title) : null;
  // Without a title the government of the region issued it; a title that names no one is not guessed at.
  if (!title && region) {
    const units = region.match(/.+?(?:省|自治区|市|州|盟|区|县|旗)/g) ?? [region];
    agency = `${units[units.length - 1]}人民政府`;
  }
  return { region, agency };
}

/** Where the issuing body's name ends in a title: the year, the report's own words, a covering letter's verb. */
const AGENCY_END_RE = /关于|报送|印发|\d{4}年|(?:政府)?信息公开|年度报告|工作报告/;

/**
 * The agency as the title names it: `2019年X市人民政府办公厅政府信息公开工作年度报告` → `X市人民政府办公厅`;
 * `X管理局关于报送2020年度政府信息公开工作年度报告的函` → `X管理局`. Null when nothing name-like is left.
 */
export function agencyOfTitle(title: string): string | null {
  const t = squeeze(title)
    .replace(/^(?:\d{4}年(?:度)?)+/, "")
    .replace(/^关于/, "");
  const end = AGENCY_END_RE.exec(t);
  const name = (end ? t.slice(0, end.index) : t).replace(/[的:：、,，。]+$/, "");
  // A name is CJK text of a few characters, never a year fragment or a sentence.
  return /^[\u4e00-\u9fa5()（）]{2,40}$/.test(name) ? name : null;
}

export function parseTextMeta(text: string, flat: string, page: PageMeta = {}): TextMeta {
  const title = page.title ?? findTitle(text);
  const pub =
    page.published ??
    (() => {
      const m = PUBLISHED_RE.exec(text.slice(0, 5000));
      return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : null;
    })();
  const ra = parseRegionAgency(flat, title);
  const flags: Flag[] = [];
  if (title && !page.agency && !ra.agency)
    flags.push({
      key: null,
      code: "AGENCY_UNREAD",
      message: `the title '${title}' names no agency that could be read`,
    });
  return {
    flags,
    year: parseYear(flat, title),
    title,
    published: pub,
    region: page.region ?? ra.region,
    agency: page.agency ?? ra.agency,
  };
}

/** docs/spec/FORMATS.md §1.1: section 二's labels decide; both signatures → TEMPLATE_MIXED; else fall back on the year. */
export function detectTemplate(flat: string, year: number | null): { template: Template; flags: Flag[] } {
  const s = flat;
  const hits = (t: FormTemplate) => TEMPLATE_SIGNATURES[t].filter((sig) => s.includes(sig)).length;
  const h21 = hits("2021");
  const h19 = hits("2019");
  const subRows = s.includes("逾期不补正");
  const flags: Flag[] = [];
  if ((h21 > 0 || subRows) && h19 > 0) {
    flags.push({
      key: null,
      code: "TEMPLATE_MIXED",
      message: `both 2021 (${h21}${subRows ? " + (六) sub-rows" : ""}) and 2019 (${h19}) signature labels occur`,
    });
  }
  // The signatures are section-二 labels, and section 二 decides (§1.1); (六)'s sub-rows only break a tie.
  if (h21 > h19) return { template: "2021", flags };
  if (h19 > h21) return { template: "2019", flags };
  if (subRows) return { template: "2021", flags };
  if (year === null) return { template: "unknown", flags };
  const hasForm = FORM_MARKERS.filter((m) => s.includes(m)).length >= 2;
  if (year <= 2018 && !hasForm) return { template: "pre2019", flags };
  return { template: year <= 2020 ? "2019" : "2021", flags };
}

export function buildReportMeta(m: TextMeta, template: Template): ReportMeta {
  return { title: m.title, region: m.region, agency: m.agency, year: m.year, template, published: m.published };
}
