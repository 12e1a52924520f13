// The web view's direct queries must give what the `comparison` and `series` views give (they
// exist only because the views are slow on large datasets): synthetic reports of both forms.
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { planSyntheticReport } from "../../bench/synthetic.ts";
import { loadBatch } from "../../src/load/index.ts";
import { freshDb } from "../load/_fixtures.ts";
import { queryMetricValues } from "../../src/query/compare-view.ts";
import { querySeriesCells } from "../../src/query/series-view.ts";

const db = freshDb();
loadBatch(
  db,
  Array.from({ length: 40 }, (_, i) => {
    const r = planSyntheticReport(i);
    return { doc: { sha256: createHash("sha256").update(String(i)).digest("hex"), path: r.source.path }, result: r };
  }),
);
afterAll(() => db.close());

const METRICS = [
  "requests.new.total",
  "requests.other.total",
  "requests.other.natural_person",
  "proactive.licensing.decisions",
];

describe("direct queries agree with the views", () => {
  it.each(METRICS.flatMap((m) => [2019, 2020, 2021, 2023].map((y) => [m, y] as const)))("%s in %i", (metric, year) => {
    const direct = queryMetricValues(db, year, metric, "")
      .map((r) => [r.report_id, r.value, r.bridged])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    const view = db
      .prepare("SELECT report_id, value, bridged FROM comparison WHERE year = ? AND metric = ? ORDER BY report_id")
      .raw()
      .all(year, metric);
    expect(direct.length).toBeGreaterThan(0);
    expect(direct).toEqual(view);
  });

  it("series cells of a region", () => {
    const direct = querySeriesCells(db, "r.region_code LIKE ? || '%'", ["50"], METRICS)
      .map((c) => `${c.agency}|${c.year}|${c.metric}|${c.value}|${c.bridged}`)
      .sort();
    const view = (
      db
        .prepare(
          `SELECT agency, year, metric, value, bridged FROM series WHERE region_code LIKE '50%' AND metric IN (${METRICS.map(() => "?").join(",")})`,
        )
        .all(...METRICS) as { agency: string; year: number; metric: string; value: number; bridged: number }[]
    )
      .map((c) => `${c.agency}|${c.year}|${c.metric}|${c.value}|${c.bridged}`)
      .sort();
    expect(direct.length).toBeGreaterThan(0);
    expect(direct).toEqual(view);
  });
});
