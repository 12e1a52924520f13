// `gongkai parse` as a user runs it (needs dist/, built by `npm test`).
import { beforeAll, describe, expect, it } from "vitest";
import { ParseResultSchema } from "../../src/parse/index.ts";
import { ensureBuilt, gongkai } from "../cli-helpers.ts";
import { factDiff, fixturePath, readExpected } from "../helpers.ts";

beforeAll(ensureBuilt);
const seed = fixturePath("corpus/seed.txt");

describe("gongkai parse", () => {
  it("--json prints the SCHEMA.md object with the seed's 200 facts", () => {
    const r = gongkai(["parse", seed, "--json"]);
    expect(r.status).toBe(0);
    const out = ParseResultSchema.parse(JSON.parse(r.stdout));
    expect(factDiff(readExpected("corpus/seed.expected.json").facts, out.facts)).toEqual([]);
    expect(out).toMatchObject({
      status: "ok",
      report: { template: "2021", year: 2021 },
      source: { shape: "bar-text", media_type: "text/plain" },
    });
    expect(out.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("prints one JSON line per file for several files (NDJSON)", () => {
    const r = gongkai(["parse", "--json", seed, fixturePath("parse/bar/report-2019.txt")]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l).report.template)).toEqual(["2021", "2019"]);
  });

  it("prints a readable summary with sections 三 and 四 as tables", () => {
    const r = gongkai(["parse", seed]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("三、收到和处理政府信息公开申请情况");
    expect(r.stdout).toMatch(/\(七\)总计\s+67\s+1\s+0\s+0\s+0\s+0\s+68/);
    expect(r.stdout).toMatch(/行政复议\s+1\s+0\s+1\s+1\s+3/);
    expect(r.stdout).toContain("checks: 43 pass");
  });

  it.each([
    ["parse/errors/empty.txt", "EMPTY"],
    ["parse/errors/random.bin", "BINARY"],
    ["parse/errors/unrelated.txt", "NOT_A_REPORT"],
    ["parse/errors/unrelated.html", "NOT_A_REPORT"],
    ["parse/errors/no-such-file.txt", "UNREADABLE"],
  ])("%s: exits non-zero with one line naming the file (%s)", (rel, code) => {
    const r = gongkai(["parse", fixturePath(rel)]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(code);
    expect(lines[0]).toContain(fixturePath(rel));
  });

  it("goes on with the next file after a bad one", () => {
    const r = gongkai(["parse", "--json", fixturePath("parse/errors/empty.txt"), seed]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).status).toBe("ok");
  });

  it("has --help for the tool and the command", () => {
    expect(gongkai(["--help"]).stdout).toContain("gongkai <command>");
    const h = gongkai(["parse", "--help"]);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain("--json");
  });
});
