import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadParsed } from "../../src/load/index.ts";
import { writeRelease } from "../../src/query/release.ts";
import { docFor, freshDb, seedResult } from "../load/_fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-release-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed = seedResult();
const other = seedResult((r) => {
  r.report.agency = "重庆市梁平区财政局";
});

/** Loads the reports in the given order; returns the release directory. */
function release(name: string, order: (typeof seed)[]): string {
  const db = freshDb();
  for (const r of order) loadParsed(db, docFor(r), r);
  const out = join(dir, name);
  writeRelease(db, out);
  db.close();
  return out;
}

const csv = (file: string) => readFileSync(file, "utf8").trimEnd().split("\r\n");

describe("export --release", () => {
  const a = release("a", [seed, other]);
  const b = release("b", [other, seed]);

  it("gives the seed report the same agency and report ids in both databases, though their row ids differ", () => {
    const row = (d: string) => {
      const [head, ...rows] = csv(join(d, "reports.csv"));
      const cols = (head as string).split(",");
      const r = rows.map((x) => x.split(",")).find((x) => x[cols.indexOf("agency")] === "梁平区人民政府")!;
      return { uid: r[0], report: r[1], id: r[cols.indexOf("report_id")] };
    };
    expect(row(a).uid).toBe(row(b).uid);
    expect(row(a).report).toBe(`${row(a).uid}-2021-v1`);
    expect(row(a).id).not.toBe(row(b).id);
  });

  it("describes every file and column in datapackage.json, with hashes that match the files", () => {
    const pkg = JSON.parse(readFileSync(join(a, "datapackage.json"), "utf8"));
    expect(pkg.resources.map((r: { path: string }) => r.path)).toEqual([
      "facts.csv",
      "reports.csv",
      "metrics.csv",
      "coverage.csv",
    ]);
    for (const r of pkg.resources) {
      const bytes = readFileSync(join(a, r.path));
      expect(r.hash).toBe(`sha256:${createHash("sha256").update(bytes).digest("hex")}`);
      expect(r.schema.fields.map((f: { name: string }) => f.name).join(",")).toBe(csv(join(a, r.path))[0]);
    }
    expect(pkg.gongkai.dataset_sha256).toMatch(/^[0-9a-f]{64}$/);
    // The seed's 70 new requests, a count: written as 70, typed integer.
    const facts = csv(join(a, "facts.csv"));
    const cols = (facts[0] as string).split(",");
    const line = facts.find((l) => l.includes(",requests.new.total,") && l.includes("梁平区人民政府"))!.split(",");
    expect(line[cols.indexOf("value")]).toBe("70");
    const field = pkg.resources[1].schema.fields.find((f: { name: string }) => f.name === "requests_new_total");
    expect(field).toMatchObject({ type: "integer", title: "一、本年新收政府信息公开申请数量 / 总计", unit: "件" });
  });
});
