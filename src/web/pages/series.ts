// Series: one agency (its headline numbers) or one region (a line per agency) across years; years
// without a report are gaps in the table and breaks in the line.
import type { Database } from "../../db/index.ts";
import { planDictionary } from "../../query/labels.ts";
import { listAgencies, planSeriesTable, querySeriesView } from "../../query/series-view.ts";
import { renderLineChart } from "../chart.ts";
import { esc, fmtNumber } from "../html.ts";
import type { Linker, Params } from "../links.ts";
import type { Page } from "./page.ts";

export function renderSeriesPage(db: Database, params: Params, link: Linker): Page {
  const agencies = listAgencies(db);
  // By default the agency with the most years: the page is about change over time.
  const longest = agencies.reduce<(typeof agencies)[number] | undefined>(
    (a, b) => (!a || b.reports > a.reports ? b : a),
    undefined,
  );
  const agency = params.agency ? String(params.agency) : params.region ? undefined : longest?.agency;
  const region = params.region ? String(params.region) : undefined;
  const metric = params.metric ? String(params.metric) : undefined;
  const view = querySeriesView(db, {
    ...(agency ? { agency } : {}),
    ...(region && !agency ? { region } : {}),
    ...(metric ? { metrics: [metric] } : {}),
  });
  const state: Params = agency ? { agency, metric } : { region, metric };
  const self = { route: "series" as const, params: state };
  const { rows: dict, byKey } = planDictionary();
  const form = link.static
    ? `<form class="controls" id="series-form"><label>机关<select onchange="location.href=this.value">${agencies
        .map(
          (a) =>
            `<option value="${esc(link.page({ route: "series", params: { agency: a.agency } }))}"${a.agency === agency ? " selected" : ""}>${esc(a.agency)}</option>`,
        )
        .join("")}</select></label></form>`
    : `<form class="controls" method="get" id="series-form"><label>机关（名称或其中一段）<input class="wide" name="agency" list="agencies" value="${esc(agency ?? "")}"></label>
<label>或地区（名称或区划代码）<input name="region" value="${esc(agency ? "" : (region ?? ""))}"></label>
<label>指标（可选，中文名称或代码）<input class="wide" name="metric" list="metrics" value="${esc(metric ? (byKey.get(metric)?.label_zh ?? metric) : "")}" placeholder="默认：各部分主要指标"></label><button type="submit">查看</button>
<datalist id="agencies">${agencies.map((a) => `<option value="${esc(a.agency)}">${esc(a.place ?? "")}</option>`).join("")}</datalist>
<datalist id="metrics">${dict.map((m) => `<option value="${esc(m.label_zh)}">${esc(m.key)}</option>`).join("")}</datalist></form>`;
  // A chart of counts only: amounts (万元) on the same axis would flatten everything else.
  // Section 二 counts (licensing decisions in the hundreds of thousands) would flatten the requests.
  const section = view.lines[0]?.metric.split(".")[0];
  const charted = view.lines
    .filter((l) => byKey.get(l.metric)?.kind !== "money" && l.metric.split(".")[0] === section)
    .slice(0, 8);
  const chart = renderLineChart(
    view.years,
    charted.map((l) => ({ label: view.by === "agency" ? l.label : l.agency, values: l.values })),
    "count",
    "历年变化",
  );
  const head = `<tr><th>${view.by === "agency" ? "指标" : "机关"}</th>${view.years.map((y) => `<th class="num">${y}</th>`).join("")}</tr>`;
  const body = view.lines
    .map((l) => {
      const name =
        view.by === "agency"
          ? `${esc(l.label)}${l.comparable ? "" : " †"}<br><span class="key">${esc(l.metric)}</span>`
          : `<a href="${esc(link.page({ route: "series", params: { agency: l.agency } }))}">${esc(l.agency)}</a>`;
      const cells = view.years
        .map((y, i) => {
          const v = l.values[i] ?? null;
          if (l.missing.includes(y)) return `<td class="num gap" title="该年没有报告">无报告</td>`;
          if (v === null) return `<td class="num blank" title="空白：报告未填写">&nbsp;</td>`;
          return `<td class="num">${fmtNumber(v, byKey.get(l.metric)?.kind ?? "count")}${l.bridged.includes(y) ? "*" : ""}</td>`;
        })
        .join("");
      return `<tr><td>${name}</td>${cells}</tr>`;
    })
    .join("");
  const title = `${view.subject} 历年数据`;
  const html = `<h1>${esc(title)}</h1><p class="dek">${view.years.length > 1 ? `${view.years[0]}–${view.years[view.years.length - 1]}` : view.years[0]}年 · 2019年版与2021年版表式中含义相同的指标连续显示</p>
${form}${chart}<table class="data" id="series"><thead>${head}</thead><tbody>${body}</tbody></table>
<p class="note">“无报告”表示该年没有找到报告（缺口），空白表示报告未填写；两者都不是 0。* 为2021年版（六）其他处理三个子项之和。† 该指标在两版表式中含义不同，不能跨版比较。</p>`;
  return { title, self, html, tables: [planSeriesTable(view)] };
}
