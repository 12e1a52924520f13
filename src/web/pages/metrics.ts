// Metrics: the data dictionary — every key with the label the form prints, its unit and kind.
import { planMetricsTable } from "../../query/metrics-table.ts";
import { esc } from "../html.ts";
import type { Linker } from "../links.ts";
import type { Page } from "./page.ts";

export function renderMetricsPage(link: Linker): Page {
  const table = planMetricsTable();
  const body = table.rows
    .map(
      (r) =>
        `<tr><td class="key">${esc(r[0])}</td><td>${link.static ? esc(r[1]) : `<a href="${esc(link.page({ route: "compare", params: { metric: String(r[0]) } }))}">${esc(r[1])}</a>`}</td><td>${esc(r[2])}</td><td>${esc(r[3])}</td><td>${esc(r[4])}</td><td>${esc(r[5])}</td></tr>`,
    )
    .join("");
  const html = `<h1>指标说明</h1><p class="dek">共 ${table.rows.length} 个指标。名称与表式印出的一致；代码供编程使用（<code>--metric</code> 两者皆可）。</p>
<table class="data" id="metrics"><thead><tr><th>代码</th><th>指标（表式名称）</th><th>部分</th><th>单位</th><th>类型</th><th>表式版本</th></tr></thead><tbody>${body}</tbody></table>`;
  return { title: "指标说明", self: { route: "metrics", params: {} }, html, tables: [table] };
}
