// HTML building blocks shared by every page: escaping, numbers as a Chinese reader expects them,
// and the page shell (navigation, downloads, share link). Pure.
import { STYLE } from "./style.ts";
import type { Linker, PageRef } from "./links.ts";

const NEEDS_ESCAPE = /[&<>"']/;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** HTML text and attribute escaping; most values (numbers, names) need none and are returned as they are. */
export const esc = (s: string | number | null | undefined): string => {
  if (s === null || s === undefined) return "";
  const t = String(s);
  return NEEDS_ESCAPE.test(t) ? t.replace(/[&<>"']/g, (c) => ENTITIES[c] as string) : t;
};

// Formatters made once: toLocaleString builds one per call, which showed in the Compare page's time.
const AMOUNT = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 });

/** Blank stays blank (never 0); counts without decimals, with thousands separators. */
export function fmtNumber(v: number | null | undefined, kind: string = "count"): string {
  if (v === null || v === undefined) return "";
  if (kind === "rate") return `${(v * 100).toFixed(1)}%`;
  if (kind === "money") return AMOUNT.format(v);
  return COUNT.format(Math.round(v));
}

export const STATUS_LABELS: Record<string, string> = { ok: "通过", flagged: "有标记", failed: "失败" };

export function renderStatus(status: string): string {
  return `<span class="badge badge-${esc(status)}">${esc(STATUS_LABELS[status] ?? status)}</span>`;
}

export interface PageShell {
  title: string;
  active: "compare" | "series" | "report" | "search" | "coverage" | "metrics" | "source";
  /** This page, for the share link and the downloads (which have the same state). */
  self: PageRef;
  downloads?: boolean;
  body: string;
  /** Extra inline script (small; no external files). */
  script?: string;
}

const NAV: [PageShell["active"], string, PageRef][] = [
  ["compare", "比较", { route: "compare", params: {} }],
  ["series", "历年", { route: "series", params: {} }],
  ["search", "搜索", { route: "search", params: {} }],
  ["coverage", "覆盖", { route: "coverage", params: {} }],
  ["metrics", "指标", { route: "metrics", params: {} }],
];

export function renderPage(p: PageShell, link: Linker): string {
  const nav = NAV.map(
    ([id, zh, ref]) =>
      `<a href="${esc(link.page(ref))}"${id === p.active ? ' class="active" aria-current="page"' : ""}>${zh}</a>`,
  ).join("");
  const share = link.share(p.self);
  const tools = p.downloads
    ? `<div class="tools"><span class="label">下载本页数据</span><a class="btn" data-download="csv" href="${esc(link.download(p.self, "csv"))}">CSV</a><a class="btn" data-download="xlsx" href="${esc(link.download(p.self, "xlsx"))}">Excel (XLSX)</a>
<span class="share"><span class="label">分享链接</span><input readonly value="${esc(share)}" aria-label="本页链接" onclick="this.select()"></span></div>`
    : `<div class="tools"><span class="share"><span class="label">分享链接</span><input readonly value="${esc(share)}" aria-label="本页链接" onclick="this.select()"></span></div>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)} · 政府信息公开年报数据</title>
<style>${STYLE}</style></head>
<body><header class="masthead"><div class="wrap"><a class="brand" href="${esc(link.page({ route: "compare", params: {} }))}">政府信息公开年报数据<small>gongkai</small></a><nav>${nav}</nav></div></header>
<main class="wrap">${tools}${p.body}</main>
<footer class="wrap foot">数据来自各级政府机关公开发布的《政府信息公开工作年度报告》；每个数字均可追溯至原文。空白表示报告未填写，不作 0 处理。由 gongkai 生成。</footer>
${p.script ? `<script>${p.script}</script>` : ""}</body></html>`;
}
