// Soak: many parser mutants. Same property as the fast subset in test/fuzz.
import { expect, it } from "vitest";
import { KINDS } from "../fuzz/_mutants.ts";
import { type MutantOutcome, originals, runMutant, SOURCES } from "../fuzz/_run-mutants.ts";
import { writeSoakSection } from "./_report.ts";

const N = Number(process.env.SOAK_MUTANTS ?? 20000);

it(`${N} parser mutants: no crash, bounded time, no silent change`, async () => {
  const orig = await originals();
  const outcomes: MutantOutcome[] = [];
  for (let seed = 100_000; seed < 100_000 + N; seed++) {
    const source = SOURCES[seed % SOURCES.length]!;
    const o = orig.get(source)!;
    outcomes.push(await runMutant(source, o.result, o.text, seed));
    // Let the test runner's own messages through: parsing is synchronous work between awaits.
    if (seed % 100 === 0) await new Promise((r) => setImmediate(r));
  }
  const cols = ["rejected", "failed", "flagged", "ok-same", "ok-undetectable", "SILENT"] as const;
  const rows = KINDS.map((k) => {
    const of = outcomes.filter((o) => o.kind === k);
    const max = Math.max(0, ...of.map((o) => o.ms));
    return `| ${k} | ${of.length} | ${cols.map((c) => of.filter((o) => o.outcome === c).length).join(" | ")} | ${max.toFixed(0)} |`;
  });
  const undetectable = outcomes
    .filter((o) => o.outcome === "ok-undetectable")
    .slice(0, 5)
    .map((o) => `- ${o.source}#${o.seed} ${o.kind} (${o.note}): ${o.diff.join(", ")}`);
  await writeSoakSection(
    "soak: parser mutants",
    [
      `${N} mutants of ${SOURCES.length} real fixtures (${SOURCES.join(", ")}), seeds ${100_000}–${100_000 + N - 1}. Outcome per mutant: rejected (ParseError: not a report, empty, binary), failed/flagged (the parser said so), ok-same (status ok, every number as in the original), ok-undetectable (status ok, a number differs, in a class no identity can reveal: section 二, or the outcomes within one section-四 group), SILENT (status ok, a number differs, an identity could have caught it — must be 0).`,
      "",
      `| mutation | mutants | ${cols.join(" | ")} | max ms |`,
      `|---|---|${cols.map(() => "---").join("|")}|---|`,
      ...rows,
      "",
      "Examples of undetectable changes:",
      ...(undetectable.length ? undetectable : ["- none"]),
    ].join("\n"),
  );
  expect(
    outcomes
      .filter((o) => o.outcome === "SILENT")
      .map((o) => `${o.source}#${o.seed} ${o.kind} (${o.note}): ${o.diff.join(", ")}`),
  ).toEqual([]);
  expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(10_000);
});
