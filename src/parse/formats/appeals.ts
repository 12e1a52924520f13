// Section 四, administrative review and litigation (docs/spec/FORMATS.md §6): read positionally, 15 cells.
import { appealKey } from "../keys.ts";

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
