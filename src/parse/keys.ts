// Canonical fact keys (docs/spec/SCHEMA.md, docs/spec/FORMATS.md §13): `<section>.<row>.<column>`.
// Every key is built and taken apart here, so the grammar lives in one place. Keys are interned:
// the same few hundred recur in every report, and building fresh strings per report was costly.

export type KeySection = "requests" | "proactive" | "appeals";

// Two-level maps (row, then column) per section: no id string is built on a lookup.
const INTERNED: Record<KeySection, Map<string, Map<string, string>>> = {
  requests: new Map(),
  proactive: new Map(),
  appeals: new Map(),
};
const INTERN_MAX_ROWS = 4_000;

function key(section: KeySection, row: string, column: string): string {
  const rows = INTERNED[section];
  let cols = rows.get(row);
  if (cols === undefined) {
    // extra_<slug> rows are unbounded: keep the table bounded (a cache, so no behaviour depends on it).
    if (rows.size >= INTERN_MAX_ROWS) rows.clear();
    cols = new Map();
    rows.set(row, cols);
  }
  let k = cols.get(column);
  if (k === undefined) {
    k = `${section}.${row}.${column}`;
    cols.set(column, k);
  }
  return k;
}

/** Section 三: `requests.<row>.<applicant>` (`requests.new.total`). */
export const requestKey = (row: string, column: string): string => key("requests", row, column);
/** Section 二: `proactive.<item>.<measure>` (`proactive.fees.amount_wan_yuan`). */
export const proactiveKey = (item: string, measure: string): string => key("proactive", item, measure);
/** Section 四: `appeals.<group>.<outcome>` (`appeals.review.upheld`). */
export const appealKey = (group: string, outcome: string): string => key("appeals", group, outcome);

/** The row prefix of a key (`requests.new` of `requests.new.total`), for the readers that place a row at a time. */
export const rowPrefix = (section: KeySection, row: string): string => `${section}.${row}`;

export interface ParsedKey {
  section: KeySection;
  row: string;
  column: string;
}

/** `requests.new.total` → { section: "requests", row: "new", column: "total" }; null if not a fact key. */
export function parseKey(k: string): ParsedKey | null {
  const a = k.indexOf(".");
  const b = k.lastIndexOf(".");
  if (a <= 0 || b <= a + 1 || b === k.length - 1) return null;
  const section = k.slice(0, a);
  if (section !== "requests" && section !== "proactive" && section !== "appeals") return null;
  return { section, row: k.slice(a + 1, b), column: k.slice(b + 1) };
}
