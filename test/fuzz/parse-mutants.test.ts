// no mutant of a real report crashes the parser, takes unbounded time, or changes a number
// while claiming `status: "ok"` — except in the classes no identity can reveal (named in the README).
// npm test runs a fixed-seed subset; `npm run test:soak` runs many more (test/soak/).
import { describe, expect, it } from "vitest";
import { KINDS } from "./_mutants.ts";
import { type MutantOutcome, originals, runMutant, SOURCES } from "./_run-mutants.ts";

describe("parser mutants (fixed seeds)", () => {
  it("never crash, stay bounded, and never change a number silently", async () => {
    const orig = await originals();
    const outcomes: MutantOutcome[] = [];
    for (let seed = 1; seed <= 400; seed++) {
      const source = SOURCES[seed % SOURCES.length]!;
      const o = orig.get(source)!;
      outcomes.push(await runMutant(source, o.result, o.text, seed));
      // Let the test runner's own messages through: parsing is synchronous work between awaits.
      if (seed % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    const silent = outcomes.filter((o) => o.outcome === "SILENT");
    expect(silent.map((s) => `${s.source}#${s.seed} ${s.kind} (${s.note}): ${s.diff.join(", ")}`)).toEqual([]);
    // Bounded: even the 40× report and the 5,000-digit run parse within seconds on this machine.
    const slow = outcomes.filter((o) => o.ms > 5000);
    expect(slow.map((s) => `${s.source}#${s.seed} ${s.kind} ${Math.round(s.ms)} ms`)).toEqual([]);
    // The run covered every mutation class.
    expect(new Set(outcomes.map((o) => o.kind)).size).toBe(KINDS.length);
  });
});
