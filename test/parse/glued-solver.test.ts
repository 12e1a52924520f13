// the bounded split solver of FORMATS.md §10.4 on the spec's own worked examples.
import { describe, expect, it } from "vitest";
import { Collector } from "../../src/parse/_collect.ts";
import { APPLICANT_COLUMNS, REQUEST_ROWS } from "../../src/parse/formats.ts";
import { enumerateSplits } from "../../src/parse/_splits.ts";
import { type GluedRow, resolveGlued } from "../../src/parse/glued.ts";

const H1 = { sums: [{ total: 6, parts: [0, 1, 2, 3, 4, 5] }] };
const keysOf = (row: string) => APPLICANT_COLUMNS.map((c) => `requests.${row}.${c}`);
const glued = (row: string, ...pieces: string[]): GluedRow => ({ keys: keysOf(row), pieces, kind: "requests" });

describe("enumerateSplits", () => {
  it.each([
    // §10.4.4: exactly one split of the total row passes H1.
    ["801000081", [[80, 1, 0, 0, 0, 0, 81]]],
    // §10.4.2: with the next label's `2` stuck on, no split passes; without it, exactly one.
    ["30000032", []],
    ["3000003", [[3, 0, 0, 0, 0, 0, 3]]],
    // PARSE.md §3's worked split: two readings pass the row total.
    [
      "181000019",
      [
        [1, 8, 10, 0, 0, 0, 19],
        [18, 1, 0, 0, 0, 0, 19],
      ],
    ],
  ])("'%s' under the row total", (run, expected) => {
    const got = enumerateSplits([run], 7, H1);
    expect(got === "too-many" ? got : [...got].sort()).toEqual([...expected].sort());
  });

  it("lists all 15 readings of §10.4.6's section-二 run 1117133 when no identity applies", () => {
    const got = enumerateSplits(["1117133"], 3);
    expect(got).toHaveLength(15);
    expect(got).toContainEqual([11, 17, 133]);
  });

  it("never gives a number a leading zero, and treats a space as a certain boundary", () => {
    expect(enumerateSplits(["00"], 2)).toEqual([[0, 0]]);
    // Pingtan 2019 `(七)总计23 0 00 0 023`: pieces are cut inside, never across.
    expect(enumerateSplits(["23", "0", "00", "0", "023"], 7, H1)).toEqual([[23, 0, 0, 0, 0, 0, 23]]);
    expect(enumerateSplits(["230", "000023"], 7, H1)).toEqual([[23, 0, 0, 0, 0, 0, 23]]);
  });

  it("splits Pingtan 2021's 17-digit section 四 only one way under the three group totals", () => {
    const sums = [0, 5, 10].map((g) => ({ total: g + 4, parts: [g, g + 1, g + 2, g + 3] }));
    expect(enumerateSplits(["10203120001200000"], 15, { sums })).toEqual([
      [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0],
    ]);
  });

  it("returns at once for a hostile 5,000-digit run, and stays bounded on a long feasible one", () => {
    let t0 = performance.now();
    expect(enumerateSplits(["7".repeat(5000)], 7, H1)).toEqual([]);
    expect(enumerateSplits(["7".repeat(5000)], 15)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(20);
    // 40 ones can be cut into seven numbers in millions of ways: the step bound stops the search.
    t0 = performance.now();
    expect(enumerateSplits(["1".repeat(40)], 7, H1)).toBe("too-many");
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe("resolveGlued", () => {
  /** The seed's section 三 (2019 form: one (六) row) as read directly, except the rows under test. */
  function seedColumns(
    out: Collector,
    skip: readonly string[],
    glued: readonly string[] = ["unavailable_not_held"],
  ): void {
    const rows: Record<string, number[]> = {
      new: [69, 1, 0, 0, 0, 0, 70],
      carried_over: [0, 0, 0, 0, 0, 0, 0],
      granted: [27, 0, 0, 0, 0, 0, 27],
      partly_granted: [19, 0, 0, 0, 0, 0, 19],
      not_processed_petition: [3, 0, 0, 0, 0, 0, 3],
      total: [67, 1, 0, 0, 0, 0, 68],
      carried_forward: [2, 0, 0, 0, 0, 0, 2],
    };
    for (const r of REQUEST_ROWS) {
      if (!r.templates.includes("2019") || skip.includes(r.key) || glued.includes(r.key)) continue;
      keysOf(r.key).forEach((k, i) => out.put(k, String(rows[r.key]?.[i] ?? 0), "count"));
    }
  }

  it("settles PARSE.md §3's worked split by the column totals, with confidence below 1", () => {
    const out = new Collector();
    seedColumns(out, []);
    resolveGlued([glued("unavailable_not_held", "181000019")], out, "2019");
    expect(keysOf("unavailable_not_held").map((k) => out.facts[k])).toEqual([18, 1, 0, 0, 0, 0, 19]);
    expect(out.cells["requests.unavailable_not_held.commercial"]).toMatchObject({
      raw: "1",
      method: "split-by-identity",
    });
    expect(out.cells["requests.unavailable_not_held.commercial"]!.confidence).toBeLessThan(1);
    expect(out.flags).toEqual([]);
  });

  it("leaves the row null and lists both candidates when the column totals cannot be evaluated", () => {
    const out = new Collector();
    seedColumns(out, ["total"]);
    resolveGlued([glued("unavailable_not_held", "181000019")], out, "2019");
    // Only what every cut of the nine digits into seven cells agrees on is read: cells 4 and 5 are a lone
    // `0` in each of them (18,1,0|0,0|0,19 · 1,8,10|0,0|0,19 · 181,0,0|0,0|1,9 · 18,10,0|0,0|1,9 …).
    expect(keysOf("unavailable_not_held").map((k) => out.facts[k])).toEqual([null, null, null, 0, 0, null, null]);
    expect(out.cells["requests.unavailable_not_held.nonprofit"]).toMatchObject({ method: "split-agreed" });
    expect(out.flags).toHaveLength(1);
    expect(out.flags[0]).toMatchObject({ key: "requests.unavailable_not_held.total", code: "AMBIGUOUS_SPLIT" });
    expect(out.flags[0]!.message).toContain("18,1,0,0,0,0,19");
    expect(out.flags[0]!.message).toContain("1,8,10,0,0,0,19");
  });

  it("does not let H3 choose when a leaf row of the form was not printed (it is unknown, not 0)", () => {
    const out = new Collector();
    seedColumns(out, ["withheld_state_secret"]);
    resolveGlued([glued("unavailable_not_held", "181000019")], out, "2019");
    expect(out.facts["requests.unavailable_not_held.natural_person"]).toBeNull();
    // H2 holds for both readings (the row is not in it); H3 would have chosen had the missing row counted as 0.
    const without = new Collector();
    seedColumns(without, ["withheld_state_secret"]);
    resolveGlued([glued("unavailable_not_held", "181000019")], without);
    expect(without.facts["requests.unavailable_not_held.natural_person"]).toBe(18);
  });

  it("stays ambiguous when two rows' readings can trade places under every column identity", () => {
    // Two leaves both printed `181000019`, whose true readings differ (18,1,… and 1,8,10,…): the column
    // sums of (A, B) and (B, A) are equal, so no identity can tell which row holds which.
    const out = new Collector();
    seedColumns(out, ["total", "new"], ["unavailable_not_held", "unavailable_unclear"]);
    keysOf("total").forEach((k, i) => out.put(k, String([27 + 19 + 3 + 19, 9, 10, 0, 0, 0, 49 + 38][i]), "count"));
    keysOf("new").forEach((k, i) => out.put(k, String([27 + 19 + 3 + 19 + 2, 9, 10, 0, 0, 0, 89][i]), "count"));
    resolveGlued([glued("unavailable_not_held", "181000019"), glued("unavailable_unclear", "181000019")], out, "2019");
    expect(out.facts["requests.unavailable_not_held.natural_person"]).toBeNull();
    expect(out.facts["requests.unavailable_unclear.natural_person"]).toBeNull();
    expect(out.flags.map((f) => f.code)).toEqual(["AMBIGUOUS_SPLIT", "AMBIGUOUS_SPLIT"]);
    expect(out.flags[0]!.message).toContain("2 of them pass the column identities");
  });

  it("keeps a reading the digits force even when it breaks an identity, so the check fails visibly", () => {
    const out = new Collector();
    resolveGlued(
      [
        {
          keys: [
            "appeals.review.upheld",
            "appeals.review.corrected",
            "appeals.review.other",
            "appeals.review.pending",
            "appeals.review.total",
          ],
          pieces: ["11112"],
          kind: "appeals",
        },
      ],
      out,
    );
    expect(out.facts["appeals.review.total"]).toBe(2);
    expect(out.cells["appeals.review.total"]).toMatchObject({ confidence: 1, method: "direct" });
  });

  it("refuses to split a run holding a sign or decimal rather than dropping the character", () => {
    const out = new Collector();
    resolveGlued(
      [
        {
          keys: [
            "proactive.licensing.items_prev_year",
            "proactive.licensing.items_change",
            "proactive.licensing.decisions",
          ],
          pieces: ["12", "-3", "40"],
          kind: "proactive",
        },
      ],
      out,
    );
    expect(out.facts["proactive.licensing.items_change"]).toBeNull();
    expect(out.flags[0]).toMatchObject({ code: "AMBIGUOUS_SPLIT" });
  });
});
