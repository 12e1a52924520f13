// metadata.json for Datasette (https://docs.datasette.io/en/stable/metadata.html): a title, the
// licence note, and for the main tables and views column descriptions (Chinese label, unit) and
// facets, so a Datasette user sees labels instead of bare keys.
import type { Database } from "../db/index.ts";
import { listExportable } from "./export.ts";
import { describeColumn } from "./columns.ts";

const FACETS: Record<string, string[]> = {
  report_wide: ["year", "province", "template", "status"],
  current_reports: ["year", "province", "template", "status"],
  current_facts: ["year", "template", "key"],
  comparison: ["year", "metric", "province", "status"],
  series: ["year", "metric", "template"],
  metrics: ["section", "unit", "kind"],
};

export function planDatasetteMetadata(db: Database): object {
  const tables: Record<string, object> = {};
  for (const name of listExportable(db)) {
    if (name === "narratives" || name.startsWith("fact_") || name === "schema_meta") continue;
    const cols = db
      .prepare(`SELECT * FROM "${name}" LIMIT 0`)
      .columns()
      .map((c) => c.name);
    const columns: Record<string, string> = {};
    for (const c of cols) {
      // Units go in the description: Datasette's `units` are Pint units, which have no 件 or 万元.
      const d = describeColumn(c);
      const unit = d.unit ? `（单位：${d.unit}）` : "";
      columns[c] = d.note && d.zh !== c ? `${d.zh}${unit} — ${d.note}` : `${d.zh}${unit}`;
    }
    tables[name] = {
      columns,
      ...(FACETS[name] ? { facets: FACETS[name].filter((f) => cols.includes(f)) } : {}),
    };
  }
  return {
    title: "政府信息公开工作年度报告数据",
    description: "gongkai: numbers from Chinese government information disclosure annual reports, with provenance.",
    license: "Code: MIT. Data: public government documents; see docs/data-note.md",
    source: "gongkai",
    databases: { gongkai: { tables } },
  };
}
