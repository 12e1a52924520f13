// Coverage said plainly: the division_coverage and province_coverage views, `gongkai coverage`,
// the compare line (CLI and web view) and the run summary, on one dataset whose reports and registry are known:
//   500155 梁平区 2021 ok · 500101 万州区 2021 flagged · 500102 涪陵区 2021 failed · 500103 渝中区 2020 ok ·
//   320813 洪泽区 2021 ok; registry: 梁平 and 万州 observed and enabled (梁平 also has a department entry after its
//   government's), 涪陵 and 洪泽 unverified and disabled. 重庆市 has 38 districts and counties (GB/T 2260, without
//   the placeholders 市辖区 and 县), 39 divisions with the municipality.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as compare } from "../../src/cli/compare.ts";
import { run as coverage } from "../../src/cli/coverage.ts";
import { renderRunSummary } from "../../src/cli/render/run-summary.ts";
import type { RunSummary } from "../../src/ingest/index.ts";
import { loadParsed, openDatabase, recordSites } from "../../src/load/index.ts";
import { queryCompareView } from "../../src/query/compare-view.ts";
import { queryCoverageView } from "../../src/query/coverage-view.ts";
import { queryCoverageLine, queryRunCoverage } from "../../src/query/index.ts";
import { capture } from "../cli/_capture.ts";
import { datasetName, docFor, fixedClock, seedResult } from "../load/_fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-cov-"));
const db = datasetName(join(dir, "g.db"));
const bare = datasetName(join(dir, "bare.db"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REPORTS = [
  { region: "重庆市梁平区", agency: "梁平区人民政府", year: 2021, status: "ok" },
  { region: "重庆市万州区", agency: "万州区人民政府", year: 2021, status: "flagged" },
  { region: "重庆市涪陵区", agency: "涪陵区人民政府", year: 2021, status: "failed" },
  { region: "重庆市渝中区", agency: "渝中区人民政府", year: 2020, status: "ok" },
  { region: "江苏省淮安市洪泽区", agency: "洪泽区人民政府", year: 2021, status: "ok" },
] as const;
const SITES = [
  {
    id: "cq-liangping",
    name: "重庆市梁平区",
    division: "500155",
    verified: "observed",
    enabled: true,
    platform: "trs",
  },
  { id: "cq-wanzhou", name: "重庆市万州区", division: "500101", verified: "observed", enabled: true },
  { id: "cq-fuling", name: "重庆市涪陵区", division: "500102", verified: "unverified", enabled: false },
  { id: "cq-liangping-fgw", name: "梁平区发展改革委", division: "500155", verified: "unverified", enabled: false },
  { id: "js-hongze", name: "江苏省淮安市洪泽区", division: "320813", verified: "unverified", enabled: false },
  { id: "dept-x", name: "某部门", verified: "observed", enabled: true },
];

function build(file: string, withRegistry: boolean): void {
  const d = openDatabase(file);
  for (const r of REPORTS) {
    const result = seedResult((x) => {
      x.report = { ...x.report, region: r.region, agency: r.agency, year: r.year };
      x.status = r.status;
    });
    loadParsed(d, docFor(result), result, { now: fixedClock });
  }
  if (withRegistry) recordSites(d, SITES, fixedClock());
  d.close();
}

beforeAll(() => {
  build(db, true);
  build(bare, false);
});

const json = async (args: string[]) => {
  const r = await capture(coverage, [...args, "--format", "json"]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

describe("division_coverage and province_coverage", () => {
  it("give the hand-counted figures for 重庆市 and 江苏省, 2021 and 2020", () => {
    const d = openDatabase(db, { readonly: true });
    const p = (code: string, year: number) =>
      d.prepare("SELECT * FROM province_coverage WHERE province_code = ? AND year = ?").get(code, year);
    expect(p("500000", 2021)).toMatchObject({
      divisions: 39,
      observed: 2,
      enabled: 2,
      with_report: 3,
      ok: 1,
      flagged: 1,
      failed: 1,
    });
    expect(p("500000", 2020)).toMatchObject({ with_report: 1, ok: 1, flagged: 0 });
    expect(p("320000", 2021)).toMatchObject({ observed: 0, enabled: 0, with_report: 1, ok: 1 });
    // The government's own entry, not the department listed after it under the same division.
    expect(
      d
        .prepare(
          "SELECT site, verified, enabled, reports, status FROM division_coverage WHERE division = '500155' AND year = 2021",
        )
        .get(),
    ).toEqual({ site: "cq-liangping", verified: "observed", enabled: 1, reports: 1, status: "ok" });
    // A division the registry has no entry for is not enabled; its verification is unknown.
    expect(
      d
        .prepare(
          "SELECT site, verified, enabled, reports, status FROM division_coverage WHERE division = '500104' AND year = 2021",
        )
        .get(),
    ).toEqual({ site: null, verified: null, enabled: 0, reports: 0, status: null });
    d.close();
  });

  it("leave the registry columns blank, not 0, in a dataset that holds no registry", () => {
    const d = openDatabase(bare, { readonly: true });
    expect(
      d
        .prepare(
          "SELECT observed, enabled, with_report FROM province_coverage WHERE province_code = '500000' AND year = 2021",
        )
        .get(),
    ).toEqual({ observed: null, enabled: null, with_report: 3 });
    d.close();
  });
});

describe("gongkai coverage reads the views", () => {
  it("gives the same lines and totals as a query of the views on the same dataset", async () => {
    const j = await json(["--db", db, "--year", "2021"]);
    const d = openDatabase(db, { readonly: true });
    const lines = d.prepare("SELECT * FROM division_coverage WHERE year = 2021 ORDER BY division").all() as Record<
      string,
      unknown
    >[];
    const totals = d
      .prepare("SELECT * FROM province_coverage WHERE year = 2021 ORDER BY province_code")
      .all() as Record<string, unknown>[];
    d.close();
    expect(j.divisions).toEqual(lines.map(({ year: _, ...l }) => ({ ...l, enabled: l.enabled === 1 })));
    expect(j.provinces).toEqual(totals.map(({ year: _, ...t }) => t));
    expect(j.registry).toEqual({ sites: 6, recordedAt: "2024-05-01T00:00:00.000Z" });
  });

  it("prints the hand-counted sentence for 重庆市", async () => {
    const r = await capture(coverage, ["--db", db, "--year", "2021", "--province", "重庆"]);
    expect(r.out).toMatch(/^3 of 39 divisions have a 2021 report in the dataset$/m);
    expect(r.out).toMatch(/500101\s+万州区\s+county\s+cq-wanzhou\s+observed\s+yes\s+—\s+1\s+flagged/);
  });

  it("says so, and prints blanks, when the dataset holds no registry", async () => {
    const r = await capture(coverage, ["--db", bare, "--year", "2021", "--province", "50"]);
    expect(r.err).toMatch(/holds no site registry/);
    expect(r.out).toMatch(/500155\s+梁平区\s+county\s+—\s+—\s+—\s+—\s+1\s+ok/);
    const j = await json(["--db", bare, "--year", "2021", "--province", "50"]);
    expect(j.registry).toBeNull();
    expect(j.provinces).toEqual([expect.objectContaining({ province_code: "500000", observed: null, enabled: null })]);
  });
});

describe("compare says how many of the region's divisions it covers", () => {
  const SENTENCE = "3 of 38 prefecture- and county-level divisions in 重庆市 have a 2021 report in the dataset";
  it("in the terminal table, the json and the web view, from the same query", async () => {
    const args = ["--year", "2021", "--metric", "requests.new.total", "--region", "重庆市", "--db", db];
    const table = await capture(compare, args);
    expect(table.code, table.err).toBe(0);
    expect(table.out.split("\n")[1]).toBe(SENTENCE);
    const j = JSON.parse((await capture(compare, [...args, "--format", "json"])).out);
    expect(j.coverage).toEqual({ divisions: 38, withReport: 3, sentence: SENTENCE });
    const d = openDatabase(db, { readonly: true });
    const web = queryCompareView(d, { year: 2021, metric: "requests.new.total", region: "重庆市" });
    d.close();
    expect(web.coverage).toEqual(j.coverage);
  });

  it("agrees, province by province, with the web view's coverage table (which the static compare page filters by)", () => {
    const d = openDatabase(db, { readonly: true });
    for (const year of [2020, 2021]) {
      const web = queryCoverageView(d, year).map((c) => [c.province_code, c.divisions, c.with_year]);
      const line = web.map(([code]) => {
        const c = queryCoverageLine(d, year, String(code).slice(0, 2));
        return [code, c.divisions, c.withReport];
      });
      expect(line).toEqual(web);
    }
    expect(queryCoverageLine(d, 2021, "32")).toEqual({ divisions: expect.any(Number), withReport: 1 });
    d.close();
  });
});

describe("the run summary's coverage", () => {
  it("counts the divisions of the run's sites through division_coverage", () => {
    const d = openDatabase(db, { readonly: true });
    const c = queryRunCoverage(d, SITES, 2021);
    d.close();
    // 500155, 500101, 500102 and 320813 have a 2021 report; dept-x has no division.
    expect(c).toEqual({
      year: 2021,
      divisions: 4,
      withReport: 4,
      sitesWithoutReport: [],
      sitesWithoutDivision: ["dept-x"],
    });
    const d2 = openDatabase(db, { readonly: true });
    const c2020 = queryRunCoverage(d2, SITES, 2020);
    d2.close();
    expect(c2020).toMatchObject({
      divisions: 4,
      withReport: 0,
      sitesWithoutReport: ["cq-liangping", "cq-wanzhou", "cq-fuling", "cq-liangping-fgw", "js-hongze"],
    });
    const text = renderRunSummary({ ...EMPTY_SUMMARY, coverage: c2020 });
    expect(text).toContain("coverage 2020: 0 of 4 divisions of this run's sites have a 2020 report in the dataset");
    expect(text).toContain("  not counted (no division in the registry): dept-x");
  });
});

const EMPTY_SUMMARY: RunSummary = {
  startedAt: "2024-05-01T00:00:00.000Z",
  finishedAt: "2024-05-01T00:00:01.000Z",
  durationMs: 1000,
  ok: true,
  interrupted: false,
  sites: { total: 6, visited: 0, withErrors: [] },
  crawl: null,
  reports: { new: 0, changed: 0, reparsed: 0, rendition: 0, unchanged: 0, failed: 0 },
  failures: {},
  coverage: null,
  checks: { reportsFlagged: 0, failing: {} },
  documents: [],
  failedUrls: [],
  failedUrlsOmitted: 0,
};
