// Coverage: by province, how many prefecture- and county-level divisions have a report for the year.
import type { Database } from "../../db/index.ts";
import { listYears } from "../../query/compare-view.ts";
import { planCoverageTable, queryCoverageView } from "../../query/coverage-view.ts";
import { esc, fmtNumber } from "../html.ts";
import type { Linker, Params } from "../links.ts";
import type { Page } from "./page.ts";

export function renderCoveragePage(db: Database, params: Params, link: Linker): Page {
  const years = listYears(db);
  const year = Number(params.year ?? years[0] ?? new Date().getUTCFullYear());
  const rows = queryCoverageView(db, year);
  const self = { route: "coverage" as const, params: { year } };
  const total = rows.reduce((s, r) => ({ d: s.d + r.divisions, y: s.y + r.with_year, n: s.n + r.reports }), {
    d: 0,
    y: 0,
    n: 0,
  });
  const yearsNav = years
    .map((y) =>
      y === year ? `<b>${y}</b>` : `<a href="${esc(link.page({ route: "coverage", params: { year: y } }))}">${y}</a>`,
    )
    .join(" · ");
  const body = rows
    .map((r) => {
      const pct = r.divisions ? r.with_year / r.divisions : 0;
      return `<tr><td>${esc(r.province)}</td><td class="num">${fmtNumber(r.divisions)}</td><td class="num">${fmtNumber(r.with_any)}</td><td class="num">${fmtNumber(r.with_year)}</td><td><span class="pct" style="width:${Math.round(pct * 120)}px"></span>${(pct * 100).toFixed(1)}%</td><td class="num">${fmtNumber(r.reports)}</td><td class="num">${fmtNumber(r.flagged)}</td></tr>`;
    })
    .join("");
  const html = `<h1>${year}年 覆盖情况</h1><p class="dek">年份：${yearsNav}</p>
<p class="coverage">全国地级和县级区划共 <b>${fmtNumber(total.d)}</b> 个，其中 <b>${fmtNumber(total.y)}</b> 个有${year}年报告（共 ${fmtNumber(total.n)} 份带区划的报告）。</p>
<table class="data" id="coverage"><thead><tr><th>省级行政区</th><th class="num">地级和县级区划</th><th class="num">有任一年报告</th><th class="num">有${year}年报告</th><th>覆盖率</th><th class="num">${year}年报告数</th><th class="num">被标记</th></tr></thead><tbody>${body}</tbody></table>
<p class="note">区划按 GB/T 2260（2023年）统计。没有可用且许可明确的边界数据，因此以表格代替地图。</p>`;
  return { title: `${year}年覆盖情况`, self, html, tables: [planCoverageTable(year, rows)] };
}
