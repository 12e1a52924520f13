// The load, export, compare and series commands, in-process on real files (test/fixtures/corpus).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as compare } from "../../src/cli/compare.ts";
import { run as exportCmd } from "../../src/cli/export.ts";
import { run as load } from "../../src/cli/load.ts";
import { run as series } from "../../src/cli/series.ts";
import { openDatabase } from "../../src/load/index.ts";
import { rowCounts, seedExpected } from "../load/_fixtures.ts";
import { capture } from "./_capture.ts";

const CORPUS = "test/fixtures/corpus";
const dir = mkdtempSync(join(tmpdir(), "gongkai-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** RFC 4180 records (quoted fields may hold commas and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("gongkai load", () => {
  const db = join(dir, "corpus.db");
  let first: Record<string, number>;
  beforeAll(async () => {
    expect((await capture(load, [CORPUS, "--db", db, "--quiet"])).code).toBe(0);
    const h = openDatabase(db);
    first = rowCounts(h);
    h.close();
  });

  it("loading the corpus twice gives the same row counts as once", async () => {
    const { code, out } = await capture(load, [CORPUS, "--db", db, "--quiet"]);
    expect(code).toBe(0);
    expect(out).toMatch(/0 new, 0 changed, 0 reparsed/);
    const h = openDatabase(db);
    expect(rowCounts(h)).toEqual(first);
    h.close();
  });

  it("records documents that fail to parse and goes on", () => {
    const h = openDatabase(db, { readonly: true });
    const failed = h.prepare("SELECT count(*) FROM failed_documents").pluck().get() as number;
    const reports = h.prepare("SELECT count(*) FROM reports").pluck().get() as number;
    h.close();
    expect(failed).toBeGreaterThan(0); // the corpus holds a non-report (2014-80787, a 函)
    expect(reports).toBeGreaterThan(0);
  });

  it("reads the seed's 200 facts back equal to seed.expected.json", async () => {
    const seedDb = join(dir, "seed.db");
    expect((await capture(load, [`${CORPUS}/seed.txt`, "--db", seedDb])).code).toBe(0);
    const h = openDatabase(seedDb, { readonly: true });
    const rows = h.prepare("SELECT key, value FROM facts").all() as { key: string; value: number }[];
    h.close();
    expect(Object.fromEntries(rows.map((r) => [r.key, r.value]))).toEqual(seedExpected.facts);
  });

  it("names a missing path in one line and exits 2", async () => {
    const { code, err } = await capture(load, [join(dir, "nope"), "--db", db]);
    expect(code).toBe(2);
    expect(err).toMatch(/^gongkai load: NOT_FOUND .*nope: no such file or folder\n$/);
  });
});

describe("gongkai export", () => {
  const db = join(dir, "export.db");
  beforeAll(async () => {
    await capture(load, [CORPUS, "--db", db, "--quiet"]);
  });

  it("writes CSV with a BOM and one row per report", async () => {
    const out = join(dir, "wide.csv");
    expect((await capture(exportCmd, ["--format", "csv", "--out", out, "--db", db])).code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString("utf8").slice(1));
    const h = openDatabase(db, { readonly: true });
    const reports = h.prepare("SELECT count(*) FROM reports WHERE current = 1").pluck().get();
    h.close();
    expect(rows[0]).toContain("requests_new_total");
    expect(rows.length - 1).toBe(reports);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
  });

  it("writes JSON rows of any view", async () => {
    const { code, out } = await capture(exportCmd, ["--format", "json", "--view", "metrics", "--db", db]);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { key: string }[];
    expect(rows.map((r) => r.key)).toContain("requests.withheld_state_secret.total");
  });

  it("refuses an unknown view and lists the choices", async () => {
    const { code, err } = await capture(exportCmd, ["--format", "csv", "--view", "nope", "--db", db]);
    expect(code).toBe(2);
    expect(err).toMatch(/BAD_OPTION nope: no such table or view; choose one of: .*report_wide/);
  });
});

describe("gongkai compare and series", () => {
  const db = join(dir, "seed-cmp.db");
  beforeAll(async () => {
    await capture(load, [`${CORPUS}/seed.txt`, "--db", db]);
  });

  it("ranks the agencies of a region for a year", async () => {
    const { code, out } = await capture(compare, [
      "--year",
      "2021",
      "--metric",
      "requests.new.total",
      "--region",
      "重庆市",
      "--db",
      db,
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/1\s+梁平区人民政府\s+梁平区\s+70/);
  });

  it("prints CSV with --format csv", async () => {
    const { out } = await capture(compare, [
      "--year",
      "2021",
      "--metric",
      "requests.new.total",
      "--format",
      "csv",
      "--db",
      db,
    ]);
    expect(out.startsWith("\uFEFFrank,agency")).toBe(true);
    expect(parseCsv(out.slice(1))[1]?.slice(0, 5)).toEqual(["1", "梁平区人民政府", "500155", "梁平区", "70"]);
  });

  it("rejects an unknown metric with exit 2", async () => {
    const { code, err } = await capture(compare, ["--year", "2021", "--metric", "requests.nope.total", "--db", db]);
    expect(code).toBe(2);
    expect(err).toMatch(/BAD_OPTION requests\.nope\.total: unknown metric/);
  });

  it("prints an agency's series", async () => {
    const { code, out } = await capture(series, [
      "--agency",
      "梁平区人民政府",
      "--metric",
      "requests.new.total",
      "--format",
      "csv",
      "--db",
      db,
    ]);
    expect(code).toBe(0);
    expect(parseCsv(out.slice(1))).toEqual([
      ["agency", "metric", "2021"],
      ["梁平区人民政府", "requests.new.total", "70"],
    ]);
  });

  it("prints a region's series by code", async () => {
    const { code, out } = await capture(series, ["--region", "500000", "--db", db]);
    expect(code).toBe(0);
    expect(out).toMatch(/requests\.other\.total\s+0\*/);
  });
});
