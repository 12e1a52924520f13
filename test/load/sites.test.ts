// recordSites: the dataset keeps the registry of the last run, in registry order, replaced whole.
import { expect, it } from "vitest";
import { recordSites } from "../../src/load/index.ts";
import { freshDb } from "./_fixtures.ts";

it("replaces the recorded registry with the one given, keeping its order and first start page", () => {
  const db = freshDb();
  recordSites(
    db,
    [
      {
        id: "a",
        name: "甲",
        division: "500155",
        verified: "observed",
        enabled: true,
        start: ["http://a/1", "http://a/2"],
      },
      { id: "b", name: "乙", verified: "unverified", enabled: false },
    ],
    new Date("2024-01-01T00:00:00Z"),
  );
  recordSites(
    db,
    [{ id: "c", name: "丙", division: "320813", verified: "fixture", enabled: true, start: "http://c/" }],
    new Date("2024-02-01T00:00:00Z"),
  );
  expect(db.prepare("SELECT id, seq, division, enabled, start, recorded_at FROM sites").all()).toEqual([
    { id: "c", seq: 0, division: "320813", enabled: 1, start: "http://c/", recorded_at: "2024-02-01T00:00:00.000Z" },
  ]);
  recordSites(
    db,
    [
      {
        id: "a",
        name: "甲",
        division: "500155",
        verified: "observed",
        enabled: true,
        start: ["http://a/1", "http://a/2"],
      },
      { id: "b", name: "乙", verified: "unverified", enabled: false },
    ],
    new Date("2024-03-01T00:00:00Z"),
  );
  expect(db.prepare("SELECT id, seq, division, enabled, start FROM sites ORDER BY seq").all()).toEqual([
    { id: "a", seq: 0, division: "500155", enabled: 1, start: "http://a/1" },
    { id: "b", seq: 1, division: null, enabled: 0, start: null },
  ]);
  db.close();
});
