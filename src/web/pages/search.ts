// Search: the narrative sections (一 总体情况, 五 问题, 六 其他) by full text; hits link to reports.
import type { Database } from "../../db/index.ts";
import { searchNarratives } from "../../query/search.ts";
import type { DataTable } from "../../query/table.ts";
import { esc } from "../html.ts";
import type { Linker, Params } from "../links.ts";
import type { Page } from "./page.ts";

const SECTIONS: Record<string, string> = {
  overview: "总体情况",
  problems: "存在的主要问题",
  other: "其他事项",
  title: "标题",
};

export function renderSearchPage(db: Database, params: Params, link: Linker): Page {
  const q = String(params.q ?? "").trim();
  const hits = q ? searchNarratives(db, q, { limit: 200 }) : [];
  const self = { route: "search" as const, params: { q } };
  const table: DataTable = {
    name: "search",
    title: `搜索 ${q}`,
    columns: [
      { key: "report_id", zh: "报告编号", kind: "id" },
      { key: "agency", zh: "机关", kind: "text" },
      { key: "year", zh: "年份", kind: "year" },
      { key: "section", zh: "部分", kind: "text" },
      { key: "snippet", zh: "摘录", kind: "text" },
    ],
    rows: hits.map((h) => [h.report_id, h.agency, h.year, SECTIONS[h.section] ?? h.section, h.snippet]),
  };
  const mark = (s: string) =>
    esc(s)
      .split(esc(q))
      .join(`<mark>${esc(q)}</mark>`);
  const list = hits
    .map(
      (h) =>
        `<div class="hit"><a href="${esc(link.page({ route: "report", params: { id: h.report_id } }))}"><b>${esc(h.agency ?? "（机关名称未识别）")}</b> ${h.year ?? ""}年</a> <span class="note">· ${esc(SECTIONS[h.section] ?? h.section)}</span><div>${mark(h.snippet)}</div></div>`,
    )
    .join("");
  const form = link.static
    ? `<form class="controls" id="search-form" data-static="1"><label>在年报文字部分中搜索<input class="wide" name="q" placeholder="例如 依申请公开、行政复议"></label><button type="submit">搜索</button></form>
<p class="coverage" id="search-count"></p><div id="search-hits"></div><script src="search-index.js"></script>`
    : `<form class="controls" method="get" id="search-form"><label>在年报文字部分中搜索<input class="wide" name="q" value="${esc(q)}" placeholder="例如 依申请公开、行政复议"></label><button type="submit">搜索</button></form>`;
  const html = `<h1>搜索年报文字</h1><p class="dek">总体情况、存在的主要问题及改进情况、其他需要报告的事项</p>${form}
${q ? `<p class="coverage">“${esc(q)}”：<b>${hits.length}</b> 条结果${hits.length === 200 ? "（仅显示前 200 条）" : ""}</p>${list}` : ""}`;
  return {
    title: q ? `搜索：${q}` : "搜索",
    self,
    html,
    // The static page's results exist only in the browser: nothing to download.
    tables: link.static ? [] : [table],
    ...(link.static ? { script: STATIC_SEARCH } : {}),
  };
}

// The static site searches in the browser over search-index.js (every current report's narrative
// sections, written by `gongkai site`): a plain substring search, as the server's LIKE fallback does.
const STATIC_SEARCH = `(function(){var f=document.getElementById('search-form'),I=window.__GK_SEARCH__||[],out=document.getElementById('search-hits'),cnt=document.getElementById('search-count');
var S={overview:'总体情况',problems:'存在的主要问题',other:'其他事项',title:'标题'};
function e(s){return String(s).replace(/[&<>"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function run(q){q=q.trim();var h=[];if(q)for(var i=0;i<I.length&&h.length<200;i++){var p=I[i][4].indexOf(q);if(p>=0)h.push([I[i],p]);}
cnt.innerHTML=q?'“'+e(q)+'”：<b>'+h.length+'</b> 条结果':'';
out.innerHTML=h.map(function(x){var r=x[0],p=x[1],a=Math.max(0,p-30),s=(a?'…':'')+r[4].slice(a,p+q.length+30)+(p+q.length+30<r[4].length?'…':'');
return '<div class="hit"><a href="report-'+r[0]+'.html"><b>'+e(r[1]||'')+'</b> '+(r[2]||'')+'年</a> <span class="note">· '+(S[r[3]]||r[3])+'</span><div>'+e(s).split(e(q)).join('<mark>'+e(q)+'</mark>')+'</div></div>';}).join('');}
var q=new URLSearchParams(location.search).get('q')||'';f.q.value=q;run(q);
f.addEventListener('submit',function(ev){ev.preventDefault();history.replaceState(null,'',location.pathname+(f.q.value?'?q='+encodeURIComponent(f.q.value):''));run(f.q.value);});})();`;
