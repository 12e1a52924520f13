// A report's identity across documents and versions: `report_key` = year|agency|region. Two documents
// with the same key are the same report: versions when their numbers differ, renditions when they
// agree (renditions.ts).
import type { ParseResult } from "../parse/index.ts";
import type { SourceDocument } from "../source.ts";
import { type LoadContext, resolveRegion } from "./_statements.ts";
import { PLACEHOLDER_NAMES, type RegionIndex, renderRegionPrefix } from "./regions.ts";

export interface ReportIdentity {
  reportKey: string;
  agency: string | null;
  regionText: string | null;
  regionCode: string | null;
  /** Region code, else region text, else '': the same agency name in two places is two agencies. */
  regionKey: string;
  year: number | null;
}

/** Is division `code` inside division `area` (GB/T 2260: a province owns its first 2 digits, a prefecture its first 4)? */
export function isWithinRegion(code: string, area: string): boolean {
  return code !== area && code.startsWith(renderRegionPrefix(area));
}

/** The names of the divisions above `code`, the province first (an unnamed 市辖区 or 县 level left out). */
function ancestorNames(code: string, regions: RegionIndex): string[] {
  const out: string[] = [];
  for (let r = regions.byCode.get(code); r?.parent_code; ) {
    r = regions.byCode.get(r.parent_code);
    if (r && !UNNAMED.has(r.name)) out.unshift(r.name);
  }
  return out;
}
const UNNAMED = new Set(PLACEHOLDER_NAMES);

/**
 * Pure: the other spellings of one agency of division `regionCode`: its name beginning with the
 * division's own name, with or without the names of the divisions above it. `重庆市梁平区人民政府` and
 * `梁平区人民政府` in 500155 (a report's title and its text, a district page and the city portal's copy,
 * spell it either way). A name that does not come down to the division's own (`人民政府`, `财政局`)
 * has none: it could be anyone's.
 */
export function planAgencySpellings(agency: string, regionCode: string, regions: RegionIndex): string[] {
  const own = regions.byCode.get(regionCode)?.name;
  if (!own) return [];
  const above = ancestorNames(regionCode, regions);
  // Every run of consecutive names above, ending just above the division (重庆市; 江苏省淮安市, 淮安市).
  const leads = [""];
  for (let i = 0; i < above.length; i++) leads.push(above.slice(i).join(""));
  const core = leads.map((l) => (agency.startsWith(l) ? agency.slice(l.length) : null)).find((c) => c?.startsWith(own));
  if (!core) return [];
  return [...new Set(leads.map((l) => l + core))].filter((x) => x !== agency);
}

interface Namesake {
  id: number;
  version: number;
  document_id: number;
  report_key: string;
}

/** Current reports of the same year and division whose agency is this one spelt otherwise (planAgencySpellings). */
export function queryNamesakes(ctx: LoadContext, id: ReportIdentity): Namesake[] {
  if (!id.agency || id.year === null || !id.regionCode) return [];
  const out: Namesake[] = [];
  for (const spelling of planAgencySpellings(id.agency, id.regionCode, ctx.regions)) {
    const key = `${id.year}|${spelling}|${id.regionCode}`;
    const r = ctx.s.currentReport.get(key) as Omit<Namesake, "report_key"> | undefined;
    if (r) out.push({ ...r, report_key: key });
  }
  return out;
}

/**
 * The registry's division wins over the report's text (docs/load.md), except where the report names
 * a division inside it: a city portal re-hosts its districts' reports (docs/crawl.md), and each copy
 * must keep its district's key to be one more document of the same report, not a report of the city.
 */
export function planIdentity(ctx: LoadContext, doc: SourceDocument, result: ParseResult): ReportIdentity {
  const agency = doc.agency ?? result.report.agency;
  let regionText = doc.region ?? result.report.region;
  const given = doc.regionCode && ctx.regions.byCode.has(doc.regionCode) ? doc.regionCode : null;
  let regionCode = given ?? resolveRegion(ctx, regionText).code;
  if (given && result.report.region) {
    const own = resolveRegion(ctx, result.report.region).code;
    if (own && isWithinRegion(own, given)) {
      regionCode = own;
      regionText = result.report.region;
    }
  }
  const regionKey = regionCode ?? regionText ?? "";
  const year = result.report.year;
  const reportKey =
    agency && year !== null ? `${year}|${agency}|${regionKey}` : `doc:${doc.url ?? doc.path ?? doc.sha256}`;
  return { reportKey, agency, regionText, regionCode, regionKey, year };
}
