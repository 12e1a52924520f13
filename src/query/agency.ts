// What readers need to know about an agency that the loader does not store: its kind (a people's
// government, a department, a township or street office), and identifiers that are the same in every
// database. Both are derived, never stored: pure functions of the division code and the name, so a
// rebuilt or merged dataset gives the same ids (docs/data-note.md).
import { createHash } from "node:crypto";

/** Chinese collation (pinyin order), made once: `localeCompare(x, "zh")` builds a collator per call. */
export const ZH_COLLATOR = new Intl.Collator("zh");

export type AgencyType = "government" | "department" | "township";

export const AGENCY_TYPE_LABELS: Record<AgencyType, string> = {
  government: "人民政府",
  department: "政府部门",
  township: "乡镇（街道）",
};

/** 乡/镇/街道 offices first (镇人民政府 is a township, not a county government), then 人民政府. */
export function classifyAgency(name: string | null): AgencyType {
  const n = (name ?? "").normalize("NFKC").replace(/\s/g, "");
  if (/(乡|镇|街道)(人民政府|办事处)?$|街道办事处|街道工作委员会/.test(n)) return "township";
  // A report filed under a place name (平潭综合实验区, 梁平区) is the place's government's.
  if (/人民政府(办公室|办公厅)?$|政府$|管理委员会$|管委会$|(省|市|区|县|旗|自治州|盟)$/.test(n)) return "government";
  return "department";
}

/** NFKC, no whitespace or punctuation: the name as a key. */
export function normalizeAgencyName(name: string): string {
  return name.normalize("NFKC").replace(/[\s()（）·・,，。、"“”]/g, "");
}

/** `<division code>-<10 hex of sha256(normalised name)>`; `000000` when the division is not known. */
export function renderAgencyUid(regionCode: string | null, name: string | null): string {
  const hash = createHash("sha256")
    .update(normalizeAgencyName(name ?? ""))
    .digest("hex")
    .slice(0, 10);
  return `${regionCode ?? "000000"}-${hash}`;
}

/** `<agency uid>-<year>-v<version>`: one report version, stable across databases. */
export function renderReportUid(agencyUid: string, year: number | null, version: number): string {
  return `${agencyUid}-${year ?? "0000"}-v${version}`;
}
