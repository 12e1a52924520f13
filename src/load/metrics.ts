// The metric dictionary, generated from the formats data (src/parse/formats.ts): one row per
// docs/spec/SCHEMA.md key, with labels, unit and the templates it exists in. Also the cross-format relations
// (docs/load.md, "Comparing formats") that decide what the series view may bridge. Pure: no database here.
import { appealKey, proactiveKey, requestKey } from "../parse/keys.ts";
import {
  APPEAL_GROUPS,
  APPEAL_OUTCOMES,
  APPLICANT_COLUMNS,
  APPLICANT_LABELS,
  PROACTIVE_ITEMS,
  REQUEST_ROWS,
  REQUEST_SUBTOTALS,
  type FormTemplate,
} from "../parse/formats.ts";

export interface MetricRow {
  key: string;
  section: string;
  row: string;
  col: string;
  label_zh: string;
  label_en: string;
  /** Comma-separated templates whose printed form has this cell. */
  templates: string;
  unit: string;
  kind: "count" | "signed" | "money";
  /** 1 for keys that are sums of other keys and appear in facts only when printed (docs/spec/FORMATS.md §7.2). */
  derived: number;
  /** 1 when the same quantity exists in both templates, so a series may run across 2019 → 2021. */
  comparable: number;
  /** 1 when the key gets a column in the wide view `report_wide`. */
  wide: number;
  note: string | null;
}

export type Relation = "same" | "split" | "redefined" | "dropped";
export interface MetricRelation {
  from_key: string;
  to_key: string | null;
  relation: Relation;
  note: string;
}

/** Keys whose 2021 value the series view computes from sub-rows (docs/spec/FORMATS.md §5.3). */
export const BRIDGED_ROWS = { other: ["other_no_correction", "other_no_fee", "other_misc"] } as const;

const templatesOf = (ts: readonly FormTemplate[]): string => [...ts].sort().join(",");

function requestRows(): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const r of REQUEST_ROWS) {
    for (const c of APPLICANT_COLUMNS) {
      const bridged = r.key === "other";
      rows.push({
        key: requestKey(r.key, c),
        section: "requests",
        row: r.key,
        col: c,
        label_zh: `${r.zh} / ${APPLICANT_LABELS[c].zh}`,
        label_en: `${r.en} / ${APPLICANT_LABELS[c].en}`,
        templates: templatesOf(r.templates),
        unit: "件",
        kind: "count",
        derived: 0,
        comparable: r.templates.length === 2 ? 1 : 0,
        wide: 1,
        note: bridged
          ? "read in 2019 (and 2021 reports that print one row); in 2021 the series view sums the three sub-rows"
          : null,
      });
    }
  }
  for (const s of REQUEST_SUBTOTALS) {
    for (const c of APPLICANT_COLUMNS) {
      rows.push({
        key: requestKey(s.key, c),
        section: "requests",
        row: s.key,
        col: c,
        label_zh: `${s.match[0]}(小计) / ${APPLICANT_LABELS[c].zh}`,
        label_en: `${s.key} subtotal / ${APPLICANT_LABELS[c].en}`,
        templates: "2019,2021",
        unit: "件",
        kind: "count",
        derived: 1,
        comparable: 1,
        wide: 1,
        note: "derived; in facts only when the report prints a subtotal",
      });
    }
  }
  // `org_subtotal` is an 8-column variant (docs/spec/FORMATS.md §5.2): in the dictionary, not in the wide view.
  for (const r of REQUEST_ROWS) {
    rows.push({
      key: requestKey(r.key, "org_subtotal"),
      section: "requests",
      row: r.key,
      col: "org_subtotal",
      label_zh: `${r.zh} / 法人或其他组织(小计)`,
      label_en: `${r.en} / organisations subtotal`,
      templates: templatesOf(r.templates),
      unit: "件",
      kind: "count",
      derived: 1,
      comparable: r.templates.length === 2 ? 1 : 0,
      wide: 0,
      note: "derived; in facts only when the report prints the 8-column variant",
    });
  }
  return rows;
}

function proactiveRows(): MetricRow[] {
  const byKey = new Map<string, MetricRow>();
  for (const item of PROACTIVE_ITEMS) {
    for (const t of ["2021", "2019"] as const) {
      for (const m of item.measures[t]) {
        const key = proactiveKey(item.key, m.key);
        const seen = byKey.get(key);
        if (seen) {
          // Same key in both templates (`licensing.decisions`, …): one quantity, the 2021 label wins.
          seen.templates = "2019,2021";
          seen.comparable = 1;
          continue;
        }
        byKey.set(key, {
          key,
          section: "proactive",
          row: item.key,
          col: m.key,
          label_zh: `${item.zh} / ${m.zh}`,
          label_en: `${item.en} / ${m.en}`,
          templates: t,
          unit: m.unit,
          kind: m.kind,
          derived: 0,
          comparable: 0,
          wide: 1,
          note: null,
        });
      }
    }
  }
  return [...byKey.values()];
}

function appealRows(): MetricRow[] {
  return APPEAL_GROUPS.flatMap((g) =>
    APPEAL_OUTCOMES.map(
      (o): MetricRow => ({
        key: appealKey(g.key, o.key),
        section: "appeals",
        row: g.key,
        col: o.key,
        label_zh: `${g.zh} / ${o.zh}`,
        label_en: `${g.en} / ${o.en}`,
        templates: "2019,2021",
        unit: "件",
        kind: "count",
        derived: 0,
        comparable: 1,
        wide: 1,
        note: null,
      }),
    ),
  );
}

/** Every key of docs/spec/SCHEMA.md's inventory except the open-ended `extra_<slug>` and `legacy.*` keys. */
export function planMetrics(): MetricRow[] {
  return [...requestRows(), ...proactiveRows(), ...appealRows()];
}

/** docs/load.md ("Comparing formats") and docs/spec/FORMATS.md §4.3: what may and may not be compared across the two formats. */
export function planMetricRelations(): MetricRelation[] {
  const out: MetricRelation[] = [];
  for (const c of APPLICANT_COLUMNS) {
    for (const sub of BRIDGED_ROWS.other) {
      out.push({
        from_key: requestKey("other", c),
        to_key: requestKey(sub, c),
        relation: "split",
        note: "2021 prints (六) as three sub-rows; the series view sums them into requests.other",
      });
    }
  }
  for (const item of ["rules", "normative_docs"]) {
    out.push({
      from_key: proactiveKey(item, "made"),
      to_key: proactiveKey(item, "issued"),
      relation: "redefined",
      note: "made ≈ issued at best; never copy values across (docs/spec/FORMATS.md §4.3)",
    });
    out.push({
      from_key: proactiveKey(item, "published"),
      to_key: null,
      relation: "dropped",
      note: "no 2021 counterpart",
    });
    out.push({
      from_key: proactiveKey(item, "total_published"),
      to_key: proactiveKey(item, "in_force"),
      relation: "redefined",
      note: "total published ≠ in force",
    });
  }
  for (const item of ["licensing", "penalties", "coercion"]) {
    out.push({
      from_key: proactiveKey(item, "decisions"),
      to_key: proactiveKey(item, "decisions"),
      relation: "same",
      note: "only .decisions is comparable",
    });
    for (const m of ["items_prev_year", "items_change"]) {
      out.push({
        from_key: proactiveKey(item, m),
        to_key: null,
        relation: "dropped",
        note: "2021 prints decisions only",
      });
    }
  }
  for (const m of ["items_prev_year", "items_change", "decisions"]) {
    out.push({
      from_key: proactiveKey("other_services", m),
      to_key: null,
      relation: "dropped",
      note: "row removed in 2021",
    });
  }
  out.push({
    from_key: "proactive.fees.items_prev_year",
    to_key: "proactive.fees.amount_wan_yuan",
    relation: "redefined",
    note: "2019 counts fee items, 2021 prints the amount in 万元",
  });
  out.push({
    from_key: "proactive.fees.items_change",
    to_key: null,
    relation: "dropped",
    note: "2021 prints the amount only",
  });
  for (const m of ["items", "amount_wan_yuan"]) {
    out.push({
      from_key: proactiveKey("procurement", m),
      to_key: null,
      relation: "dropped",
      note: "row removed in 2021",
    });
  }
  return out;
}

/** The SQL column name of a key in wide views and exports: requestKey("new", "total") → `requests_new_total`. */
export function renderColumnName(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, "_");
}
