// Sections of the report (docs/spec/FORMATS.md §3): found by heading text, in order, never by numeral.
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
