// Compare: a year, a metric (Chinese label or key), a region and an agency type → a ranked table and a
// bar chart, optionally a rate over a second metric of the same report.
import type { Database } from "../../db/index.ts";
import { AGENCY_TYPE_LABELS, type AgencyType } from "../../query/agency.ts";
import { listYears, planCompareTable, queryCompareView } from "../../query/compare-view.ts";
import { queryCoverageView } from "../../query/coverage-view.ts";
import { planDictionary, renderShortLabel } from "../../query/labels.ts";
import { queryRegionsWithReports } from "../../query/sources.ts";
import { renderBarChart } from "../chart.ts";
import { esc, fmtNumber, renderStatus } from "../html.ts";
import type { Linker, Params } from "../links.ts";
import type { Page } from "./page.ts";

const TYPES = Object.keys(AGENCY_TYPE_LABELS) as AgencyType[];

export function renderComparePage(db: Database, params: Params, link: Linker): Page {
  const years = listYears(db);
  const year = Number(params.year ?? years[0] ?? new Date().getUTCFullYear());
  const metricArg = String(params.metric ?? "requests.new.total");
  const type = TYPES.includes(params.type as AgencyType) ? (params.type as AgencyType) : undefined;
  const view = queryCompareView(db, {
    year,
    metric: metricArg,
    ...(params.per ? { per: String(params.per) } : {}),
    ...(params.region ? { region: String(params.region) } : {}),
    ...(type ? { type } : {}),
  });
  const state: Params = {
    year,
    metric: view.metric.key,
    per: view.per?.key,
    region: view.region?.code,
    type: view.type ?? undefined,
  };
  const self = { route: "compare" as const, params: state };
  const valueKind = view.per ? "rate" : view.metric.kind;
  const { rows: dict } = planDictionary();
  const datalist = `<datalist id="metrics">${dict.map((m) => `<option value="${esc(m.label_zh)}">${esc(m.key)}</option>`).join("")}</datalist>`;
  const regions = queryRegionsWithReports(db);
  const province = view.region ? `${view.region.code.slice(0, 2)}0000` : "";
  const provinces = regions.filter((r) => r.code.endsWith("0000"));
  const prefectures = regions.filter(
    (r) => !r.code.endsWith("0000") && r.code.startsWith(province.slice(0, 2)) && province,
  );
  const opt = (value: string, text: string, selected: boolean) =>
    `<option value="${esc(value)}"${selected ? " selected" : ""}>${esc(text)}</option>`;
  const form = link.static
    ? `<form class="controls" id="compare-form" data-static="1">
<label>年份<select name="year">${years.map((y) => opt(String(y), `${y}年`, y === year)).join("")}</select></label>
<label>指标<select name="metric">${STATIC_METRICS.map((k) => opt(k, renderShortLabel(planDictionary().byKey.get(k)!), k === view.metric.key)).join("")}</select></label>
<button type="submit">查看</button>
<label>省级<select name="province"><option value="">全部地区</option>${provinces.map((p) => opt(p.code.slice(0, 2), p.name, false)).join("")}</select></label>
<label>机关类型<select name="type"><option value="">全部</option>${TYPES.map((t) => opt(t, AGENCY_TYPE_LABELS[t], false)).join("")}</select></label></form>
<p class="note">静态版收录主要指标；地级筛选、比率和其他指标请用 <code>gongkai serve</code>。下载文件含全部地区。</p>`
    : `<form class="controls" method="get" action="${esc(link.page({ route: "compare", params: {} }))}" id="compare-form">
<label>年份<select name="year">${years.map((y) => opt(String(y), `${y}年`, y === year)).join("")}</select></label>
<label>指标（中文名称或代码，可搜索）<input class="wide" name="metric" list="metrics" value="${esc(view.metric.label_zh)}" autocomplete="off"></label>
<label>省级<select name="province" data-role="province"><option value="">全部地区</option>${provinces.map((p) => opt(p.code, p.name, p.code === province)).join("")}</select></label>
<label>地级<select name="region" data-role="prefecture"><option value="${esc(province)}">全部</option>${prefectures.map((p) => opt(p.code, p.name, p.code === view.region?.code)).join("")}</select></label>
<label>机关类型<select name="type"><option value="">全部</option>${TYPES.map((t) => opt(t, AGENCY_TYPE_LABELS[t], t === view.type)).join("")}</select></label>
<label>比率：除以（可选）<input name="per" list="metrics" value="${esc(view.per?.label_zh ?? "")}" placeholder="例如 本年新收" autocomplete="off"></label>
<button type="submit">查看</button>${datalist}</form>`;
  const title = `${year}年 ${renderShortLabel(view.metric)}${view.per ? ` ÷ ${renderShortLabel(view.per)}` : ""}`;
  const where = [view.region?.name ?? "全部地区", view.type ? AGENCY_TYPE_LABELS[view.type] : "全部机关"].join(" · ");
  const cov = view.coverage;
  // The static site filters by province in the browser: it needs each province's division counts.
  const covData = link.static
    ? ` data-cov="${esc(JSON.stringify(Object.fromEntries([["", [cov.divisions, cov.withReport]], ...queryCoverageView(db, year).map((c) => [c.province_code.slice(0, 2), [c.divisions, c.with_year, c.province]])])))}"`
    : "";
  const coverage = `<p class="coverage" data-coverage${covData}>${view.region?.name ?? "全国"}地级和县级区划共 <b>${cov.divisions}</b> 个，其中 <b>${cov.withReport}</b> 个有${year}年报告。本表列出 <b>${view.rows.length}</b> 个机关。</p>`;
  const reportHref = (id: number) => link.page({ route: "report", params: { id } });
  const chart = renderBarChart(
    view.rows.map((r) => ({
      label: r.agency,
      value: view.per ? r.rate : r.value,
      flagged: r.flags.length > 0 && r.status !== "ok",
      href: reportHref(r.report_id),
    })),
    valueKind,
    title,
  );
  const head = `<tr><th class="num">排名</th><th>机关</th><th>类型</th><th>地区</th><th class="num">${esc(renderShortLabel(view.metric))}<br><span class="key">${esc(view.metric.key)}</span></th>${
    view.per
      ? `<th class="num">${esc(renderShortLabel(view.per))}<br><span class="key">${esc(view.per.key)}</span></th><th class="num">比率</th>`
      : ""
  }<th>表式</th><th>状态</th></tr>`;
  const body = view.rows
    .map((r) => {
      const flag = r.flags.length ? `<span class="flag" title="${esc(r.flags.join("\n"))}">⚑</span>` : "";
      const cell = (v: number | null, kind: string) =>
        v === null
          ? `<td class="num blank" title="空白：报告未填写">&nbsp;</td>`
          : `<td class="num">${fmtNumber(v, kind)}</td>`;
      const data = `data-report="${r.report_id}" data-province="${esc(r.region_code?.slice(0, 2) ?? "")}" data-type="${r.type}" data-value="${(view.per ? r.rate : r.value) ?? ""}" data-flagged="${r.flags.length > 0 && r.status !== "ok" ? 1 : ""}" data-label="${esc(r.agency)}"`;
      return `<tr ${data}><td class="num">${r.rank ?? ""}</td><td><a href="${esc(reportHref(r.report_id))}">${esc(r.agency)}</a></td><td>${esc(AGENCY_TYPE_LABELS[r.type])}</td><td>${esc(r.place ?? "")}</td>${
        r.value === null
          ? cell(null, "")
          : `<td class="num${r.flags.length ? " flagged" : ""}">${fmtNumber(r.value, view.metric.kind)}${r.bridged ? "*" : ""}${flag}</td>`
      }${view.per ? cell(r.denominator, view.per.kind) + cell(r.rate, "rate") : ""}<td>${esc(r.template)}</td><td>${renderStatus(r.status)}</td></tr>`;
    })
    .join("");
  const empty = view.rows.length
    ? ""
    : `<p class="note">${year}年没有符合条件的报告。数据中有报告的年份：${view.years.map((y) => `<a href="${esc(link.page({ route: "compare", params: { ...state, year: y } }))}">${y}</a>`).join("、")}。</p>`;
  const html = `<h1>${esc(title)}</h1><p class="dek">${esc(where)} · 单位：${esc(view.per ? "%" : view.metric.unit)} · <span class="key">${esc(view.metric.key)}</span></p>
${form}${coverage}${empty}${chart}
<table class="data" id="ranking"><thead>${head}</thead><tbody>${body}</tbody></table>
<p class="note">空白表示报告未填写该项，不计为 0，不参与排名。⚑ 表示该数值或其报告被标记，鼠标悬停可见原因。${view.rows.some((r) => r.bridged) ? "* 为2021年版表式（六）其他处理三个子项之和。" : ""}</p>`;
  return { title, self, html, tables: [planCompareTable(view)], script: COMPARE_SCRIPT };
}

/** Metrics the static site pre-renders for every year. */
export const STATIC_METRICS = [
  "requests.new.total",
  "requests.granted.total",
  "requests.partly_granted.total",
  "requests.total.total",
  "appeals.review.total",
  "appeals.litigation_direct.total",
  "proactive.licensing.decisions",
  "proactive.penalties.decisions",
];

// Province → prefecture: choosing a province submits the form, so the prefecture list follows it.
// In the static site the form goes to the pre-rendered file of the year and metric.
const COMPARE_SCRIPT = `(function(){var f=document.getElementById('compare-form');if(!f)return;
var p=f.querySelector('[data-role=province]'),c=f.querySelector('[data-role=prefecture]');
if(p&&c)p.addEventListener('change',function(){c.innerHTML='';var o=document.createElement('option');o.value=p.value;c.appendChild(o);f.submit();});
if(f.dataset.static){f.addEventListener('submit',function(e){e.preventDefault();var s=new URLSearchParams();if(f.province.value)s.set('province',f.province.value);if(f.type.value)s.set('type',f.type.value);location.href='compare-'+f.year.value+'-'+f.metric.value+'.html'+(s.toString()?'?'+s:'');});}
f.addEventListener('submit',function(){if(p)p.disabled=true;});
if(f.dataset.static)staticFilter(f);
function staticFilter(f){var P=f.province,T=f.type,cov=document.querySelector('[data-coverage]'),fig=document.querySelector('figure[data-chart=bar]');
var q=new URLSearchParams(location.search);if(q.get('province'))P.value=q.get('province');if(q.get('type'))T.value=q.get('type');
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function draw(rows){if(!fig)return;if(!rows.length){fig.innerHTML='<p class="note">没有可画图的数值。</p>';return;}
var L=230,W=860,H=24,top=8,max=Math.max.apply(null,rows.map(function(r){return Math.abs(+r.dataset.value);}))||1,pw=W-L-90,h=top+rows.length*H+26,out='';
rows.forEach(function(r,i){var y=top+i*H,v=+r.dataset.value,len=Math.max(1,Math.abs(v)/max*pw),a=r.querySelector('a'),name=r.dataset.label,txt=r.cells[4].textContent.replace(/[⚑*]/g,'').trim();
if(name.length>16)name=name.slice(0,15)+'…';
out+='<a href="'+esc(a?a.getAttribute('href'):'#')+'"><text x="'+(L-8)+'" y="'+(y+H/2+5)+'" text-anchor="end" font-size="13" fill="#1a1a1a">'+esc(name)+'</text><rect class="bar" x="'+L+'" y="'+(y+4)+'" width="'+len.toFixed(1)+'" height="'+(H-8)+'" fill="'+(r.dataset.flagged?'#d9822b':'#2f5d8a')+'"></rect><text x="'+(L+len+6)+'" y="'+(y+H/2+5)+'" font-size="12" fill="#444">'+esc(txt)+'</text></a>';});
fig.innerHTML='<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '+W+' '+h+'" width="'+W+'" height="'+h+'"><line x1="'+L+'" y1="'+top+'" x2="'+L+'" y2="'+(top+rows.length*H+4)+'" stroke="#1a1a1a"/>'+out+'</svg>';}
function apply(first){var vis=[],rank=0,prev=null;[].forEach.call(document.querySelectorAll('#ranking tbody tr'),function(r){var ok=(!P.value||r.dataset.province===P.value)&&(!T.value||r.dataset.type===T.value);r.hidden=!ok;if(ok)vis.push(r);});
vis.forEach(function(r,i){var v=r.dataset.value;if(v===''){r.cells[0].textContent='';return;}if(v!==prev){rank=i+1;prev=v;}r.cells[0].textContent=rank;});
if(!first||P.value||T.value)draw(vis.filter(function(r){return r.dataset.value!=='';}).slice(0,40));
if(cov&&cov.dataset.cov){var c=JSON.parse(cov.dataset.cov)[P.value]||[0,0,''];cov.innerHTML=esc(c[2]||'全国')+'地级和县级区划共 <b>'+c[0]+'</b> 个，其中 <b>'+c[1]+'</b> 个有'+f.year.value+'年报告。本表列出 <b>'+vis.length+'</b> 个机关。';}
var s=new URLSearchParams();if(P.value)s.set('province',P.value);if(T.value)s.set('type',T.value);history.replaceState(null,'',location.pathname+(s.toString()?'?'+s:''));var sh=document.querySelector('.share input');if(sh)sh.value=location.href;}
P.onchange=T.onchange=function(){apply(false);};apply(true);}})();`;
