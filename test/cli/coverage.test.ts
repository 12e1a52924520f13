// `gongkai sites` and `gongkai coverage`, in-process: the shipped registry, and a dataset holding the seed report
// (重庆市梁平区, 2021) and the shipped registry, recorded by `gongkai run --no-crawl`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as coverage } from "../../src/cli/coverage.ts";
import { run as load } from "../../src/cli/load.ts";
import { run as runCmd } from "../../src/cli/run.ts";
import { run as sites } from "../../src/cli/sites.ts";
import { capture } from "./_capture.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-coverage-"));
const db = join(dir, "g.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const r = await capture(load, ["test/fixtures/corpus/seed.txt", "--db", db]);
  expect(r.code).toBe(0);
  const rec = await capture(runCmd, ["--no-crawl", "--quiet", "--db", db, "--raw", join(dir, "raw")]);
  expect(rec.code, rec.err).toBe(0);
});

describe("gongkai sites", () => {
  it("prints counts by province with the observed total", async () => {
    const r = await capture(sites, []);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/重庆市\s+50\s+39\s+/); // 38 districts and counties + the municipality
    expect(r.out).toMatch(/observed columns in 3\d provinces/);
  });
  it("filters by province name and verification, and prints JSON entries", async () => {
    const r = await capture(sites, ["--province", "重庆", "--verified", "observed", "--format", "json"]);
    const list = JSON.parse(r.out) as { id: string; division: string }[];
    expect(list.map((s) => s.id)).toContain("cq-liangping");
    expect(list.every((s) => s.division.startsWith("50"))).toBe(true);
  });
  it("exits 1 naming the entry and field of a registry that does not validate", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify([{ id: "x-1", name: "", start: "http://a.gov.cn/nb/" }]));
    const r = await capture(sites, ["--sites", bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.json.*name/);
  });
  it("refuses a province it does not know (exit 2)", async () => {
    expect((await capture(sites, ["--province", "火星"])).code).toBe(2);
  });
});

describe("gongkai coverage", () => {
  it("says per division whether the registry has its column and the dataset its report", async () => {
    const r = await capture(coverage, ["--db", db, "--year", "2021", "--province", "50", "--format", "json"]);
    expect(r.code).toBe(0);
    const { divisions } = JSON.parse(r.out) as { divisions: Record<string, unknown>[] };
    expect(divisions.find((d) => d.division === "500155")).toMatchObject({
      site: "cq-liangping",
      verified: "observed",
      reports: 1,
      status: "ok",
    });
    expect(divisions.find((d) => d.division === "500102")).toMatchObject({ verified: "unverified", reports: 0 });
  });
  it("prints totals by province and says how many divisions it covers", async () => {
    const r = await capture(coverage, ["--db", db, "--year", "2021"]);
    expect(r.out).toMatch(/^1 of \d{4} divisions have a 2021 report in the dataset$/m);
    const r2 = await capture(coverage, ["--db", db, "--year", "2020", "--province", "重庆市"]);
    expect(r2.out).toMatch(/^0 of 39 divisions have a 2020 report in the dataset$/m);
  });
  it("rejects a year outside 2008..this year (exit 2)", async () => {
    expect((await capture(coverage, ["--db", db, "--year", "99999"])).code).toBe(2);
  });
});
