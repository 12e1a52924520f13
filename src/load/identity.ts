// A report's identity across documents and versions: `report_key` = year|agency|region. Two documents
// with the same key are the same report: versions when their numbers differ, renditions when they
// agree (renditions.ts).
import type { ParseResult } from "../parse/index.ts";
import type { SourceDocument } from "../source.ts";
import { type LoadContext, resolveRegion } from "./_statements.ts";
import { renderRegionPrefix } from "./regions.ts";

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

const normalizeName = (s: string): string => s.normalize("NFKC").replace(/[\s()（）]/g, "");

/**
 * Are two agency names one agency of division `regionCode`? Equal, or both begin with the division's
 * name and the longer adds only the names of the divisions above it: `重庆市梁平区人民政府` and
 * `梁平区人民政府` in 500155 (a report's title and its text, or a district page and the city portal's
 * copy, spell it either way). A bare `人民政府` or `财政局` is never matched: it could be anyone's.
 */
export function isSameAgency(a: string, b: string, regionCode: string, ctx: LoadContext): boolean {
  const [x, y] = [normalizeName(a), normalizeName(b)].sort((p, q) => q.length - p.length) as [string, string];
  if (x === y) return true;
  const own = ctx.regions.byCode.get(regionCode)?.name;
  if (!own || !y.startsWith(own) || !x.endsWith(y)) return false;
  const lead = resolveRegion(ctx, x.slice(0, x.length - y.length)).code;
  return lead !== null && isWithinRegion(regionCode, lead);
}

/** Current reports of the same year and division whose agency is this one spelt otherwise (isSameAgency). */
export function queryNamesakes(
  ctx: LoadContext,
  id: ReportIdentity,
): { id: number; version: number; document_id: number; report_key: string }[] {
  if (!id.agency || id.year === null || !id.regionCode) return [];
  const rows = ctx.s.sameYearRegion.all(id.year, id.regionCode) as {
    id: number;
    version: number;
    document_id: number;
    report_key: string;
    agency: string | null;
  }[];
  return rows.filter(
    (r) => r.report_key !== id.reportKey && r.agency && isSameAgency(r.agency, id.agency!, id.regionCode!, ctx),
  );
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
