// Every case of the shared corpus (copied to test/fixtures/corpus) parses to exactly its hand-checked
// facts. The expected files say null where docs/spec/FORMATS.md §10.4 forbids a guess (glued
// section-二 runs that no identity and no figure in the report's own prose settles); those cells
// must also carry AMBIGUOUS_SPLIT.
import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/parse/index.ts";
import { FIXTURES, readExpected, readFixtureBytes } from "../helpers.ts";

/** `规范性文件898989` (2019) and `693665` (2021): 10 readings each, no hard identity, no prose figure. */
const UNGUESSABLE: Record<string, string[]> = {
  "corpus/pingtan/2019-80576/page.txt.expected.json": [
    "proactive.normative_docs.made",
    "proactive.normative_docs.published",
    "proactive.normative_docs.total_published",
  ],
  "corpus/pingtan/2021-80613/page.txt.expected.json": [
    "proactive.normative_docs.issued",
    "proactive.normative_docs.repealed",
    "proactive.normative_docs.in_force",
  ],
};

function expectedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? expectedFiles(p) : n.endsWith(".expected.json") ? [relative(FIXTURES, p)] : [];
  });
}

const cases = expectedFiles(join(FIXTURES, "corpus"));

describe("the shared corpus", () => {
  it("has the six hand-checked cases", () => expect(cases).toHaveLength(6));

  it.each(cases)("%s", async (rel) => {
    const exp = readExpected(rel);
    const input = join(dirname(rel), exp.input);
    const r = await parseDocument({ bytes: readFixtureBytes(input), path: input });
    expect(r.report).toMatchObject({ year: exp.report.year, template: exp.report.template });
    const skip = UNGUESSABLE[rel] ?? [];
    const wrong = Object.entries(exp.facts)
      .filter(([k, v]) => r.facts[k] !== v)
      .map(([k, v]) => `${k}: expected ${v}, got ${r.facts[k]}`);
    expect(wrong).toEqual([]);
    for (const k of skip) {
      expect(exp.facts[k]).toBeNull();
      expect(
        r.flags.some(
          (f) => f.code === "AMBIGUOUS_SPLIT" && f.key !== null && f.key.startsWith("proactive.normative_docs."),
        ),
      ).toBe(true);
    }
    // A report that breaks an identity keeps its printed numbers and is flagged, never "ok".
    if (r.checks.some((c) => c.hard && !c.ok)) expect(r.status).toBe("flagged");
  });
});
