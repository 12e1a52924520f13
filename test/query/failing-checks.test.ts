// a run that loads 32,767 reports or more must not fail at its summary. The failing
// checks of the run's reports used to bind one SQL variable per report (SQLite allows 32,766).
import { describe, expect, it } from "vitest";
import { loadParsed } from "../../src/load/index.ts";
import { queryFailingChecks } from "../../src/query/index.ts";
import { docFor, fixedClock, freshDb, seedResult } from "../load/_fixtures.ts";

describe("queryFailingChecks", () => {
  it("counts the failing hard checks of 40,000 report ids in one query", () => {
    const db = freshDb();
    // The seed with 新收 自然人 69 → 68: its new-requests row no longer adds up (70 ≠ 68 + 1).
    const bad = seedResult((r) => {
      r.facts["requests.new.natural_person"] = 68;
      r.checks = [
        {
          id: "requests.row_total.new",
          ok: false,
          hard: true,
          keys: ["requests.new.total"],
          expected: 70,
          actual: 69,
          blank: [],
        },
      ];
      r.status = "flagged";
    });
    const { reportId } = loadParsed(db, docFor(bad), bad, { now: fixedClock }) as { reportId: number };
    const ids = [reportId, ...Array.from({ length: 39_999 }, (_, i) => 1_000_000 + i)];
    expect(queryFailingChecks(db, ids)).toEqual({ "requests.row_total.new": 1 });
    expect(queryFailingChecks(db, ids.slice(1))).toEqual({});
    db.close();
  });
});
