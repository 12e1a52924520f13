// The analysis views on a 2019 and a 2021 report of one agency, and Chinese full-text search.
import { beforeAll, describe, expect, it } from "vitest";
import { planSyntheticReport } from "../../bench/synthetic.ts";
import { loadParsed, type Database } from "../../src/load/index.ts";
import { searchNarratives } from "../../src/query/index.ts";
import type { ParseResult } from "../../src/parse/index.ts";
import { docFor, fixedClock, freshDb, seedResult } from "./_fixtures.ts";

/** Synthetic report 0 is the 2019 report of agency 0; re-stamped to the seed's agency and region. */
function agency2019(): ParseResult {
  const r = planSyntheticReport(0);
  r.report = { ...r.report, agency: "梁平区人民政府", region: "重庆市梁平区", year: 2019, template: "2019" };
  r.narrative = { overview: "本机关坚持以公开为常态，行政复议案件有所减少。", problems: null, other: null };
  return r;
}

describe("views on a 2019 and a 2021 report of one agency", () => {
  let db: Database;
  let r2019: ParseResult;
  let r2021: ParseResult;
  beforeAll(() => {
    db = freshDb();
    r2019 = agency2019();
    r2021 = seedResult();
    loadParsed(db, { sha256: "a".repeat(64), path: "lp-2019.txt" }, r2019, { now: fixedClock });
    loadParsed(db, docFor(r2021), r2021, { now: fixedClock });
  });

  it("report_wide has one row per report with a column per metric", () => {
    const rows = db
      .prepare(
        "SELECT year, template, requests_new_total, requests_other_total, requests_other_misc_total, proactive_rules_made FROM report_wide ORDER BY year",
      )
      .all();
    expect(rows).toEqual([
      {
        year: 2019,
        template: "2019",
        requests_new_total: r2019.facts["requests.new.total"],
        requests_other_total: r2019.facts["requests.other.total"],
        requests_other_misc_total: null,
        proactive_rules_made: r2019.facts["proactive.rules.made"],
      },
      {
        year: 2021,
        template: "2021",
        requests_new_total: 70,
        requests_other_total: null,
        requests_other_misc_total: r2021.facts["requests.other_misc.total"],
        proactive_rules_made: null,
      },
    ]);
  });

  it("series bridges requests.other across templates as the sum of the three 2021 sub-rows", () => {
    const rows = db
      .prepare(
        "SELECT year, value, bridged FROM series WHERE agency = '梁平区人民政府' AND metric = 'requests.other.natural_person' ORDER BY year",
      )
      .all();
    const f = r2021.facts;
    const sum =
      (f["requests.other_no_correction.natural_person"] ?? 0) +
      (f["requests.other_no_fee.natural_person"] ?? 0) +
      (f["requests.other_misc.natural_person"] ?? 0);
    expect(rows).toEqual([
      { year: 2019, value: r2019.facts["requests.other.natural_person"], bridged: 0 },
      { year: 2021, value: sum, bridged: 1 },
    ]);
  });

  it("series continues same quantities and keeps redefined ones apart", () => {
    const rows = db
      .prepare(
        "SELECT metric, year, comparable FROM series WHERE metric IN ('requests.new.total', 'proactive.licensing.decisions', 'proactive.rules.made', 'proactive.rules.issued') ORDER BY metric, year",
      )
      .all() as { metric: string; year: number; comparable: number }[];
    const comparable = [...new Set(rows.map((r) => r.metric))].map((metric) => {
      const of = rows.filter((r) => r.metric === metric);
      return { metric, years: of.map((r) => r.year).join(","), comparable: Math.max(...of.map((r) => r.comparable)) };
    });
    expect(comparable).toEqual([
      { metric: "proactive.licensing.decisions", years: "2019,2021", comparable: 1 },
      { metric: "proactive.rules.issued", years: "2021", comparable: 0 },
      { metric: "proactive.rules.made", years: "2019", comparable: 0 },
      { metric: "requests.new.total", years: "2019,2021", comparable: 1 },
    ]);
    expect(db.prepare("SELECT relation FROM series_breaks WHERE key_2019 = 'proactive.rules.made'").pluck().get()).toBe(
      "redefined",
    );
  });

  it("comparison lists the agencies of a region for a year", () => {
    expect(
      db
        .prepare(
          "SELECT agency, value, province, county FROM comparison WHERE year = 2021 AND metric = 'requests.new.total' AND province_code = '500000'",
        )
        .all(),
    ).toEqual([{ agency: "梁平区人民政府", value: 70, province: "重庆市", county: "梁平区" }]);
  });

  it("fact_provenance gives every fact a document and parser version", () => {
    expect(
      db
        .prepare(
          "SELECT count(*) FROM fact_provenance WHERE sha256 IS NULL OR parser_version IS NULL OR coalesce(url, path) IS NULL",
        )
        .pluck()
        .get(),
    ).toBe(0);
  });

  it("finds a Chinese word of 3+ characters through the trigram index", () => {
    expect(searchNarratives(db, "标准化规范化").map((h) => [h.year, h.section])).toEqual([[2021, "problems"]]);
  });

  it("finds 1- and 2-character words by the LIKE fallback, with the same rows as the index would", () => {
    expect(searchNarratives(db, "复议").map((h) => h.year)).toEqual([2021, 2019]);
    expect(searchNarratives(db, "复议案").map((h) => h.year)).toEqual([2021, 2019]);
    expect(
      searchNarratives(db, "减")
        .map((h) => h.year)
        .sort(),
    ).toEqual([2019, 2021]);
  });

  it("treats search input as a literal, not FTS syntax", () => {
    expect(searchNarratives(db, '公开" OR "x')).toEqual([]);
    expect(searchNarratives(db, "100%")).toEqual([]);
  });
});
