// The archived document behind a report, with one cell highlighted. HTML: the archived page itself,
// decoded, with its scripts, frames and external resources removed, a provenance banner on top and a
// small script that finds the cell by its locator (`table 2 row 5 col 3`) and checks it holds the
// printed text. PDF: each page's text drawn at its coordinates as SVG, the cell's text run (`p4 x=496
// y=323`) boxed. Plain text: numbered lines, the cell's line marked. The cell is named in the URL's
// fragment (#k=<key>), so the page is one file in the static site too.
import type { Database } from "../../db/index.ts";
import { load } from "cheerio";
import { LoadError } from "../../load/errors.ts";
import { decodeBytes } from "../../parse/decode.ts";
import { loadPdfPages } from "../../parse/read-pdf.ts";
import { planDictionary, renderShortLabel } from "../../query/labels.ts";
import { queryReportMeta, type ReportMeta } from "../../query/report-view.ts";
import { queryCellLocators } from "../../query/sources.ts";
import { extensionOf, readArchived } from "../archive.ts";
import { esc } from "../html.ts";
import type { Linker, Params } from "../links.ts";
import { STYLE } from "../style.ts";

const BANNER_STYLE = `#gk-banner{all:initial;display:block;position:sticky;top:0;z-index:2147483647;background:#1a1a1a;color:#fff;font:13px/1.5 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;padding:8px 14px}
#gk-banner a{color:#ffd54f}#gk-banner b{color:#fff}#gk-banner .k{font-family:monospace;color:#bbb}
.gk-hit{outline:3px solid #e53935!important;background:#fff176!important;scroll-margin:120px}`;

function banner(meta: ReportMeta, link: Linker, verified: boolean): string {
  const back = link.page({ route: "report", params: { id: meta.id } });
  return `<div id="gk-banner">存档原文 · <b>${esc(meta.agency ?? "")} ${meta.year ?? ""}年</b> · 来源 <a href="${esc(meta.url ?? "#")}" rel="noreferrer">${esc(meta.url ?? meta.path ?? "")}</a> · 抓取 ${esc(meta.fetched_at ?? "—")} · SHA-256 <span class="k">${esc(meta.sha256.slice(0, 16))}…</span>${verified ? " ✓" : " ⚠ 文件与记录的哈希不符"} · <a href="${esc(back)}">← 返回报告</a><span id="gk-cell"></span></div>`;
}

/** Cell key → [locator, printed text, label]: what the highlight script looks for. */
function cellIndex(db: Database, id: number): Record<string, [string, string, string]> {
  const { byKey } = planDictionary();
  const out: Record<string, [string, string, string]> = {};
  for (const f of queryCellLocators(db, id)) {
    const m = byKey.get(f.key);
    out[f.key] = [f.locator ?? "", f.raw ?? "", m ? renderShortLabel(m) : f.key];
  }
  return out;
}

// Finds the cell: the table cell at the locator's grid position (rowspan/colspan expanded) in the
// table whose cell there holds the printed text; else, after the row's label, the first cell
// holding the printed text; else any element holding exactly that text.
const HTML_SCRIPT = `(function(){var F=window.__GK_CELLS__||{};
function n(s){return (s||'').replace(/[\\s\\u00a0\\u3000]/g,'');}
function grid(t){var g=[];for(var r=0;r<t.rows.length;r++){var row=t.rows[r],c=0;g[r]=g[r]||[];for(var i=0;i<row.cells.length;i++){var cell=row.cells[i];while(g[r][c])c++;var rs=Math.max(1,cell.rowSpan||1),cs=Math.max(1,cell.colSpan||1);for(var a=0;a<rs;a++){g[r+a]=g[r+a]||[];for(var b=0;b<cs;b++)g[r+a][c+b]=cell;}c+=cs;}}return g;}
function find(f){var m=/table (\\d+) row (\\d+) col (\\d+)/.exec(f[0]),ts=document.querySelectorAll('table');
if(m){var R=+m[2]-1,C=+m[3]-1,order=[+m[1]-1];for(var i=0;i<ts.length;i++)if(i!==order[0])order.push(i);
for(var j=0;j<order.length;j++){var t=ts[order[j]];if(!t)continue;var g=grid(t),el=g[R]&&g[R][C];if(el&&n(el.textContent)===n(f[1]))return el;}}
var lab=n(f[2]).slice(0,4),cells=document.querySelectorAll('td,th'),seen=!lab;
for(var k=0;k<cells.length;k++){var tx=n(cells[k].textContent);if(!seen&&lab&&tx.indexOf(lab)>=0){seen=true;continue;}if(seen&&f[1]&&tx===n(f[1]))return cells[k];}
var all=document.querySelectorAll('td,th,p,span,div');for(var q=0;q<all.length;q++)if(f[1]&&n(all[q].textContent)===n(f[1])&&!all[q].children.length)return all[q];return null;}
function go(){var old=document.querySelectorAll('.gk-hit');for(var i=0;i<old.length;i++)old[i].classList.remove('gk-hit');
var k=decodeURIComponent((location.hash.match(/k=([^&]+)/)||[])[1]||''),f=F[k],info=document.getElementById('gk-cell');if(!f)return;
var el=find(f);if(info)info.textContent=' · 单元格：'+f[2]+'　原文「'+f[1]+'」　'+f[0]+(el?'':'（未能在页面中定位）');
if(el){el.classList.add('gk-hit');el.scrollIntoView({block:'center'});}}
window.addEventListener('hashchange',go);go();})();`;

function renderHtmlSource(text: string, meta: ReportMeta, cells: object, link: Linker, verified: boolean): string {
  const $ = load(text);
  $(
    "script, noscript, iframe, frame, frameset, object, embed, link, base, meta[http-equiv], meta[charset], style[src]",
  ).remove();
  $("*").each((_, el) => {
    if (el.type !== "tag") return;
    for (const name of Object.keys(el.attribs)) {
      const v = el.attribs[name] ?? "";
      // Event handlers and anything fetched from the network (the view works offline and leaks nothing).
      if (
        /^on/i.test(name) ||
        ((name === "src" || name === "srcset" || name === "background") && /^(https?:)?\/\//i.test(v))
      )
        $(el).removeAttr(name);
      if (name === "href" && /^javascript:/i.test(v)) $(el).removeAttr(name);
    }
  });
  $("img").each((_, el) => {
    if (!/^data:/.test($(el).attr("src") ?? "")) $(el).removeAttr("src");
  });
  $("head").prepend(`<meta charset="utf-8"><style>${BANNER_STYLE}</style>`);
  $("body").prepend(banner(meta, link, verified));
  $("body").append(
    `<script>window.__GK_CELLS__=${JSON.stringify(cells).replace(/</g, "\\u003c")};${HTML_SCRIPT}</script>`,
  );
  return `<!doctype html>\n${$.html()}`;
}

const PDF_SCRIPT = `(function(){var F=window.__GK_CELLS__||{};function go(){var old=document.querySelectorAll('.gk-box');for(var i=0;i<old.length;i++)old[i].remove();
var k=decodeURIComponent((location.hash.match(/k=([^&]+)/)||[])[1]||''),f=F[k],info=document.getElementById('gk-cell');if(!f)return;
var m=/p(\\d+) x=(-?\\d+) y=(-?\\d+)/.exec(f[0]);if(info)info.textContent=' · 单元格：'+f[2]+'　原文「'+f[1]+'」　'+f[0];if(!m)return;
var svg=document.getElementById('page-'+m[1]);if(!svg)return;var best=null,d=1e9,ts=svg.querySelectorAll('text');
for(var j=0;j<ts.length;j++){var t=ts[j],dx=Math.abs(+t.dataset.x-m[2]),dy=Math.abs(+t.dataset.y-m[3]),s=dx+dy*4;if(s<d){d=s;best=t;}}
if(best){var b=best.getBBox(),r=document.createElementNS('http://www.w3.org/2000/svg','rect');r.setAttribute('class','gk-box');r.setAttribute('x',b.x-3);r.setAttribute('y',b.y-3);r.setAttribute('width',b.width+6);r.setAttribute('height',b.height+6);svg.insertBefore(r,svg.firstChild);best.classList.add('gk-hit-text');}
svg.scrollIntoView({block:'start'});var y=best?best.getBoundingClientRect().top:0;window.scrollBy(0,y-window.innerHeight/2);}
window.addEventListener('hashchange',go);go();})();`;

async function renderPdfSource(bytes: Buffer, meta: ReportMeta, cells: object, link: Linker, verified: boolean) {
  const pages = await loadPdfPages(new Uint8Array(bytes), meta.path ?? meta.sha256);
  const svgs = pages
    .map((p) => {
      const texts = p.items
        .filter((it) => it.str.trim())
        .map(
          (it) =>
            `<text x="${it.x.toFixed(1)}" y="${(p.height - it.y).toFixed(1)}" font-size="${Math.max(4, it.size).toFixed(1)}" data-x="${Math.round(it.x)}" data-y="${Math.round(it.y)}"${it.vertical ? ` transform="rotate(-90 ${it.x.toFixed(1)} ${(p.height - it.y).toFixed(1)})"` : ""}>${esc(it.str)}</text>`,
        )
        .join("");
      return `<h3>第 ${p.number} 页</h3><svg id="page-${p.number}" class="pdfpage" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${p.width.toFixed(0)} ${p.height.toFixed(0)}" width="${(p.width * 1.3).toFixed(0)}">${texts}</svg>`;
    })
    .join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>存档原文 · ${esc(meta.agency ?? "")}</title><style>${STYLE}${BANNER_STYLE}
.pdfpage{display:block;background:#fff;border:1px solid #ccc;box-shadow:0 1px 4px rgba(0,0,0,.15);margin:0 auto 20px;max-width:100%;height:auto}.pdfpage text{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;fill:#222}
.gk-box{fill:#fff176;stroke:#e53935;stroke-width:1.5}body{background:#eee}h3{text-align:center;color:#666;font-weight:400}</style></head>
<body>${banner(meta, link, verified)}<main class="wrap"><p class="note">PDF 文字层按原坐标重绘（不含图片与表格线）。<a href="${esc(link.raw(meta.sha256, ".pdf"))}">下载原始PDF</a></p>${svgs}</main>
<script>window.__GK_CELLS__=${JSON.stringify(cells).replace(/</g, "\\u003c")};${PDF_SCRIPT}</script></body></html>`;
}

// `line N`: mark the line. `char N` (glued page text): the occurrence of the printed text nearest
// to offset N of the document's text, marked inside its line.
const TEXT_SCRIPT = `(function(){var F=window.__GK_CELLS__||{};function go(){var old=document.querySelectorAll('.gk-hit');for(var i=0;i<old.length;i++)old[i].classList.remove('gk-hit');
var k=decodeURIComponent((location.hash.match(/k=([^&]+)/)||[])[1]||''),f=F[k],info=document.getElementById('gk-cell');if(!f)return;
if(info)info.textContent=' · 单元格：'+f[2]+'　原文「'+f[1]+'」　'+f[0];var m=/line (\\d+)/.exec(f[0]),c=/char (\\d+)/.exec(f[0]),el=null;
if(m)el=document.getElementById('L'+m[1]);
if(c&&f[1]){var lines=document.querySelectorAll('.src > div'),at=0,best=null,d=1e12,n=+c[1];
for(var j=0;j<lines.length;j++){var t=lines[j].dataset.text||'',p=t.indexOf(f[1]);while(p>=0){var dd=Math.abs(at+p-n);if(dd<d){d=dd;best=[lines[j],p];}p=t.indexOf(f[1],p+1);}at+=t.length+1;}
if(best){var line=best[0],t2=line.dataset.text,ln=line.querySelector('.ln').outerHTML;var e=function(s){return s.replace(/[&<>]/g,function(x){return{'&':'&amp;','<':'&lt;','>':'&gt;'}[x];});};
line.innerHTML=ln+e(t2.slice(0,best[1]))+'<mark class="gk-hit">'+e(f[1])+'</mark>'+e(t2.slice(best[1]+f[1].length));el=line.querySelector('mark');}}
if(el){el.classList.add('gk-hit');el.scrollIntoView({block:'center'});}}window.addEventListener('hashchange',go);go();})();`;

function renderTextSource(text: string, meta: ReportMeta, cells: object, link: Linker, verified: boolean): string {
  const lines = text
    .split(/\r?\n/)
    .map(
      (l, i) => `<div id="L${i + 1}" data-text="${esc(l)}"><span class="ln">${i + 1}</span>${esc(l) || "&nbsp;"}</div>`,
    )
    .join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>存档原文 · ${esc(meta.agency ?? "")}</title><style>${STYLE}${BANNER_STYLE}
.src{font:13px/1.7 ui-monospace,"Noto Sans Mono CJK SC",monospace;white-space:pre-wrap;background:#fff}.src mark.gk-hit{background:#fff176;outline:2px solid #e53935}.src .ln{display:inline-block;width:4em;color:#aaa;user-select:none}</style></head>
<body>${banner(meta, link, verified)}<main class="wrap"><div class="src">${lines}</div></main>
<script>window.__GK_CELLS__=${JSON.stringify(cells).replace(/</g, "\\u003c")};${TEXT_SCRIPT}</script></body></html>`;
}

/** The complete source page (not inside the site's page shell: it is the archived document). */
export async function renderSourcePage(db: Database, params: Params, link: Linker, rawDir?: string): Promise<string> {
  const id = Number(params.id);
  const meta = Number.isInteger(id) ? queryReportMeta(db, id) : null;
  if (!meta) throw new LoadError("NOT_FOUND", String(params.id), "no such report");
  const doc = readArchived(meta, rawDir);
  if (!doc)
    throw new LoadError(
      "NOT_FOUND",
      meta.archive_path ?? meta.sha256,
      "the archived document is not on this machine (give --raw DIR)",
    );
  const cells = cellIndex(db, id);
  const ext = extensionOf(meta.media_type);
  if (ext === ".pdf" || doc.bytes.subarray(0, 5).toString("latin1") === "%PDF-")
    return renderPdfSource(doc.bytes, meta, cells, link, doc.verified);
  const { text } = decodeBytes(new Uint8Array(doc.bytes), meta.media_type ? { contentType: meta.media_type } : {});
  if (ext === ".html" || /^\s*<(!doctype|html|head|body|table|div|p)\b/i.test(text))
    return renderHtmlSource(text, meta, cells, link, doc.verified);
  return renderTextSource(text, meta, cells, link, doc.verified);
}
