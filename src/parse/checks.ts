// The identities of docs/spec/FORMATS.md §7, planned from the keys a report printed and evaluated with
// blank = 0 (said in `blank`). A check whose cells could not be read is not evaluated: the
// unreadable cell is already flagged, and a sum over a guess would prove nothing.
import { APPEAL_GROUPS, APPLICANT_COLUMNS, APPLICANTS, REQUEST_ROWS } from "./formats.ts";
import type { Check } from "./types.ts";
import { appealKey, proactiveKey, requestKey } from "./keys.ts";

export interface Identity {
  id: string;
  left: string[];
  right: string[];
  op: "eq" | "le";
  hard: boolean;
  /** left then right, computed once per plan */
  keys: readonly string[];
}

const rq = requestKey;

const rowsOf = (keys: ReadonlySet<string>) => {
  const rows = new Set<string>();
  for (const k of keys) if (k.startsWith("requests.") && k.endsWith(".total")) rows.add(k.split(".")[1]!);
  return rows;
};

/**
 * Plans depend only on which section-三 rows and subtotals were printed, so reports of one layout
 * share one: planning afresh for each report cost more than evaluating it.
 */
const PLAN_CACHE = new Map<string, Identity[]>();
const PLAN_CACHE_MAX = 256;

export function planIdentitiesCached(facts: Readonly<Record<string, unknown>>): Identity[] {
  // Insertion order is the report's printed order, the same for one layout; no need to sort.
  let id = "";
  for (const k in facts)
    if (k.startsWith("requests.") && (k.endsWith(".total") || k.endsWith(".natural_person"))) id += `${k}|`;
  let plan = PLAN_CACHE.get(id);
  if (!plan) {
    plan = planIdentities(new Set(Object.keys(facts)));
    if (PLAN_CACHE.size >= PLAN_CACHE_MAX) PLAN_CACHE.clear();
    PLAN_CACHE.set(id, plan);
  }
  return plan;
}

/** Every identity that the printed keys allow, hard ones first. */
export function planIdentities(keys: ReadonlySet<string>): Identity[] {
  const ids: Omit<Identity, "keys">[] = [];
  // H1: each printed section-三 row totals its six applicant columns.
  for (const row of rowsOf(keys)) {
    ids.push({
      id: `requests.row_total.${row}`,
      left: [rq(row, "total")],
      right: APPLICANTS.map((a) => rq(row, a)),
      op: "eq",
      hard: true,
    });
  }
  const subRows =
    keys.has(rq("other_no_correction", "total")) ||
    keys.has(rq("other_misc", "total")) ||
    keys.has(rq("other_no_fee", "total"));
  const leaves = REQUEST_ROWS.filter((r) => r.outcome && (r.key === "other" ? !subRows : true)).map((r) => r.key);
  for (const c of APPLICANT_COLUMNS) {
    // H2, the form's own note: 第一项加第二项之和,等于第三项加第四项之和.
    ids.push({
      id: `requests.balance.${c}`,
      left: [rq("new", c), rq("carried_over", c)],
      right: [rq("total", c), rq("carried_forward", c)],
      op: "eq",
      hard: true,
    });
    // H3: every settled request falls in exactly one leaf row.
    ids.push({
      id: `requests.outcomes.${c}`,
      left: [rq("total", c)],
      right: leaves.map((r) => rq(r, c)).filter((k) => keys.has(k)),
      op: "eq",
      hard: true,
    });
    // Printed subtotals (§7.2) against their leaves; never added into (七)总计.
    for (const g of ["withheld", "unavailable", "not_processed", "other"] as const) {
      if (g === "other" && !subRows) continue;
      if (!keys.has(rq(g, c))) continue;
      const parts = REQUEST_ROWS.filter((r) => r.group === g && r.key !== "other").map((r) => rq(r.key, c));
      ids.push({ id: `requests.subtotal_${g}.${c}`, left: [rq(g, c)], right: parts, op: "eq", hard: true });
    }
  }
  for (const g of APPEAL_GROUPS) {
    const a = (o: string) => appealKey(g.key, o);
    ids.push({
      id: `appeals.group_total.${g.key}`,
      left: [a("total")],
      right: ["upheld", "corrected", "other", "pending"].map(a),
      op: "eq",
      hard: true,
    });
  }
  // Soft checks (§7.3): they warn, never decide.
  ids.push({
    id: "requests.bound.total",
    left: [rq("total", "total")],
    right: [rq("new", "total"), rq("carried_over", "total")],
    op: "le",
    hard: false,
  });
  for (const x of ["rules", "normative_docs"]) {
    ids.push({
      id: `proactive.published_le_total.${x}`,
      left: [proactiveKey(x, "published")],
      right: [proactiveKey(x, "total_published")],
      op: "le",
      hard: false,
    });
  }
  return ids.map((x) => ({ ...x, keys: [...x.left, ...x.right] }));
}

export function evaluateChecks(
  facts: Readonly<Record<string, number | null>>,
  unreadable: ReadonlySet<string>,
): Check[] {
  const out: Check[] = [];
  const sum = (ks: readonly string[]) => {
    let t = 0;
    for (const k of ks) t += facts[k] ?? 0;
    return Math.round(t * 1e6) / 1e6;
  };
  for (const id of planIdentitiesCached(facts)) {
    if (id.right.length === 0) continue;
    let evaluable = true;
    let blank: string[] | null = null;
    for (const k of id.keys) {
      const v = facts[k];
      if (v === undefined || unreadable.has(k)) {
        evaluable = false;
        break;
      }
      if (v === null) (blank ??= []).push(k);
    }
    if (!evaluable) continue;
    const expected = sum(id.left);
    const actual = sum(id.right);
    const ok = id.op === "eq" ? expected === actual : expected <= actual;
    out.push({ id: id.id, ok, hard: id.hard, keys: [...id.keys], expected, actual, blank: blank ?? [] });
  }
  return out;
}
