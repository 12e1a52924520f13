// The synthetic generator (load bench, crash tests, web bench) makes reports whose every hard identity holds by
// the parser's own checks, in both form years.
import { expect, it } from "vitest";
import { planSyntheticReport } from "../../bench/synthetic.ts";

it("synthetic reports keep every hard identity of src/parse/checks.ts", () => {
  const templates = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const r = planSyntheticReport(i);
    templates.add(String(r.report.template));
    expect(r.checks.length).toBeGreaterThan(10);
    expect(r.checks.filter((c) => c.hard && !c.ok)).toEqual([]);
    expect(r.status).toBe("ok");
  }
  expect([...templates].sort()).toEqual(["2019", "2021"]);
});
