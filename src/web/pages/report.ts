// Report: every table of one report as the form prints it, each number linked to the archived source
// with that cell highlighted, its provenance, and what fails or is flagged, in words.
import type { Database } from "../../db/index.ts";
import { LoadError } from "../../load/errors.ts";
import { AGENCY_TYPE_LABELS } from "../../query/agency.ts";
import { planDictionary } from "../../query/labels.ts";
import { queryReportView, type ReportView } from "../../query/report-view.ts";
import type { DataTable } from "../../query/table.ts";
import { esc, fmtNumber, renderStatus } from "../html.ts";
import type { Linker, Params } from "../links.ts";
import type { Page } from "./page.ts";

const NARRATIVE_LABELS: Record<string, string> = {
  overview: "一、总体情况",
  problems: "五、存在的主要问题及改进情况",
  other: "六、其他需要报告的事项",
  title: "标题",
};

const NARRATIVE_ORDER = ["overview", "problems", "other"];

export function planReportTable(v: ReportView): DataTable {
  const { byKey } = planDictionary();
  return {
    name: `report-${v.meta.uid}`,
    title: `${v.meta.agency ?? ""}${v.meta.year ?? ""}年报`,
    columns: [
      { key: "report_uid", zh: "报告标识", kind: "text" },
      { key: "key", zh: "指标代码", kind: "text" },
      { key: "label_zh", zh: "指标", kind: "text" },
      { key: "unit", zh: "单位", kind: "text" },
      { key: "value", zh: "数值", kind: "money" },
      { key: "raw", zh: "原文", kind: "text" },
      { key: "flagged", zh: "是否标记", kind: "count" },
      { key: "locator", zh: "原文位置", kind: "text" },
      { key: "url", zh: "来源网址", kind: "text" },
      { key: "fetched_at", zh: "抓取时间", kind: "text" },
      { key: "sha256", zh: "原文SHA-256", kind: "text" },
    ],
    rows: [...v.facts.values()].map((f) => {
      const m = byKey.get(f.key);
      return [
        v.meta.uid,
        f.key,
        m?.label_zh ?? f.key,
        m?.unit ?? null,
        m?.kind === "money" ? f.value : f.value === null ? null : Math.round(f.value),
        f.raw,
        f.flagged,
        f.locator,
        v.meta.url,
        v.meta.fetched_at,
        v.meta.sha256,
      ];
    }),
  };
}

/** The version's other documents (renditions, copies on other hosts) with the same numbers, when it has any. */
function renderDocuments(v: ReportView): string {
  if (v.documents.length < 2) return "";
  const items = v.documents.map((d) => {
    const where = d.url ? `<a href="${esc(d.url)}" rel="noreferrer">${esc(d.url)}</a>` : esc(d.path ?? d.sha256);
    return `<li>${d.is_primary ? "<b>数据来源</b> " : ""}${esc(d.rendition)} · ${where}</li>`;
  });
  return `\n<dt>同一报告的文件</dt><dd><ul class="docs">${items.join("")}</ul></dd>`;
}

export function renderReportPage(db: Database, params: Params, link: Linker): Page {
  const id = Number(params.id);
  const v = Number.isInteger(id) ? queryReportView(db, id) : null;
  if (!v) throw new LoadError("NOT_FOUND", String(params.id), "no such report");
  const { meta } = v;
  const self = { route: "report" as const, params: { id } };
  const flaggedKeys = new Map<string, string[]>();
  for (const e of v.explanations) for (const k of e.keys) flaggedKeys.set(k, [...(flaggedKeys.get(k) ?? []), e.text]);
  const { byKey } = planDictionary();
  const source = (key: string) => `${link.page({ route: "source", params: { id } })}#k=${encodeURIComponent(key)}`;
  const tables = v.tables
    .map((t, ti) => {
      const heading = ti === 0 || v.tables[ti - 1]?.section !== t.section ? `<h2>${esc(t.title)}</h2>` : "";
      const rows = t.rows
        .map((r) => {
          const cells = r.cells
            .map((key) => {
              if (!key) return "<td></td>";
              const f = v.facts.get(key);
              const m = byKey.get(key);
              const why = flaggedKeys.get(key);
              if (!f || f.value === null) {
                const raw = f?.raw ? `印出「${f.raw}」` : f ? "印出空白" : "报告未印出此项";
                return `<td class="num blank${why ? " flagged" : ""}" data-key="${esc(key)}" title="${esc(`${m?.label_zh ?? key}：${raw}${why ? `\n${why.join("\n")}` : ""}`)}">${f ? `<a href="${esc(source(key))}">&nbsp;</a>` : "&nbsp;"}${why ? '<span class="flag">⚑</span>' : ""}</td>`;
              }
              const tip = `${m?.label_zh ?? key}\n原文：${f.raw ?? ""}　位置：${f.locator ?? "—"}${why ? `\n${why.join("\n")}` : ""}`;
              return `<td class="num${why || f.flagged ? " flagged" : ""}" data-key="${esc(key)}"><a href="${esc(source(key))}" title="${esc(tip)}">${fmtNumber(f.value, m?.kind ?? "count")}${why || f.flagged ? '<span class="flag">⚑</span>' : ""}</a></td>`;
            })
            .join("");
          return `<tr><td class="label">${esc(r.label)}</td>${cells}</tr>`;
        })
        .join("");
      return `${heading}<table class="data form" data-section="${esc(t.section)}"><thead><tr>${t.head.map((h, i) => `<th${i ? ' class="num"' : ""}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join("");
  const explain = v.explanations.length
    ? `<h2>检查与标记</h2><ul class="explain">${v.explanations.map((e) => `<li><span class="key">${esc(e.code)}</span> ${esc(e.text)}</li>`).join("")}</ul>`
    : `<h2>检查与标记</h2><p>所有勾稽关系均成立，没有标记。</p>`;
  const ext = meta.media_type?.includes("pdf") ? ".pdf" : meta.media_type?.includes("html") ? ".html" : "";
  const prov = `<dl class="prov">
<dt>来源网址</dt><dd>${meta.url ? `<a href="${esc(meta.url)}" rel="noreferrer">${esc(meta.url)}</a>` : esc(meta.path ?? "（本地文件）")}</dd>
<dt>抓取时间</dt><dd>${esc(meta.fetched_at ?? "—")}</dd>
<dt>SHA-256</dt><dd class="key">${esc(meta.sha256)}</dd>${renderDocuments(v)}
<dt>存档原文</dt><dd><a href="${esc(link.page({ route: "source", params: { id } }))}">查看存档原文</a> · <a href="${esc(link.raw(meta.sha256, ext))}">下载原始文件</a></dd>
<dt>报告标识</dt><dd class="key">${esc(meta.uid)}（机关 ${esc(meta.agency_uid)}）</dd>
<dt>版本</dt><dd>第 ${meta.version} 版${meta.current ? "（当前）" : "（已被新版本取代）"} · 解析器 ${esc(meta.parser_version)} · 入库 ${esc(meta.loaded_at)}</dd>
</dl>`;
  const narr = v.narratives.length
    ? `<h2>文字部分</h2>${v.narratives
        .filter((n) => n.section !== "title")
        .sort((a, b) => NARRATIVE_ORDER.indexOf(a.section) - NARRATIVE_ORDER.indexOf(b.section))
        .map((n) => `<h3>${esc(NARRATIVE_LABELS[n.section] ?? n.section)}</h3><div class="narr">${esc(n.body)}</div>`)
        .join("")}`
    : "";
  const title = `${meta.agency ?? "（机关名称未识别）"} ${meta.year ?? ""}年政府信息公开工作年度报告`;
  const series = meta.agency
    ? ` · <a href="${esc(link.page({ route: "series", params: { agency: meta.agency } }))}">历年数据</a>`
    : "";
  const html = `<h1>${esc(title)}</h1>
<p class="dek">${[meta.place, AGENCY_TYPE_LABELS[meta.type], `${meta.template}年版表式`]
    .filter((x) => x)
    .map((x) => esc(String(x)))
    .join(" · ")} · ${renderStatus(meta.status)}${series}</p>
${prov}${explain}${tables || '<p class="note">此报告没有可读取的表格（2019年以前的报告没有统一表式）。</p>'}
<p class="note">点击数字可打开存档原文并高亮该单元格。空白表示报告未填写，不作 0 处理。⚑ 表示被标记。</p>${narr}`;
  return { title, self, html, tables: [planReportTable(v)] };
}
