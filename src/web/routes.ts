// URL → response, shared by the server and the static site. A page path may end in .csv or .xlsx
// for the tables the page shows; /raw/<sha256>[.ext] serves archived bytes. Errors with a code
// become 404 (NOT_FOUND) or 400 (BAD_OPTION) pages in the same shell.
import type { Database } from "../db/index.ts";
import { LoadError } from "../load/errors.ts";
import { resolveMetric, searchMetrics } from "../query/labels.ts";
import { planNotesTable } from "../query/notes.ts";
import { queryDocumentBySha } from "../query/sources.ts";
import { renderTableCsv } from "../query/table.ts";
import { renderXlsx } from "../query/xlsx.ts";
import { contentTypeOf, readArchived } from "./archive.ts";
import { esc, renderPage } from "./html.ts";
import type { Linker, Params, Route } from "./links.ts";
import { renderComparePage } from "./pages/compare.ts";
import { renderCoveragePage } from "./pages/coverage.ts";
import { renderMetricsPage } from "./pages/metrics.ts";
import type { Page } from "./pages/page.ts";
import { renderReportPage } from "./pages/report.ts";
import { renderSearchPage } from "./pages/search.ts";
import { renderSeriesPage } from "./pages/series.ts";
import { renderSourcePage } from "./pages/source.ts";

export interface Response {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface RouteContext {
  db: Database;
  link: Linker;
  rawDir?: string;
}

const HTML = "text/html; charset=utf-8";

export function renderPageFor(ctx: RouteContext, route: Route, params: Params): Page {
  switch (route) {
    case "compare":
      return renderComparePage(ctx.db, params, ctx.link);
    case "series":
      return renderSeriesPage(ctx.db, params, ctx.link);
    case "report":
      return renderReportPage(ctx.db, params, ctx.link);
    case "search":
      return renderSearchPage(ctx.db, params, ctx.link);
    case "coverage":
      return renderCoveragePage(ctx.db, params, ctx.link);
    case "metrics":
      return renderMetricsPage(ctx.link);
    default:
      throw new LoadError("NOT_FOUND", route, "no such page");
  }
}

export function renderPageHtml(ctx: RouteContext, page: Page): string {
  return renderPage(
    {
      title: page.title,
      active: page.self.route,
      self: page.self,
      downloads: page.tables.length > 0,
      body: page.html,
      ...(page.script ? { script: page.script } : {}),
    },
    ctx.link,
  );
}

/** An ambiguous or unknown metric: the closest labels, each a link to the same page with it. */
function renderMetricChoices(ctx: RouteContext, params: Params): string {
  // Each row's 总计 first: usually what a reader means by a row's name.
  const hits = searchMetrics(String(params.metric ?? ""))
    .sort((a, b) => b.score - a.score || Number(b.row.col === "total") - Number(a.row.col === "total"))
    .slice(0, 30);
  if (!hits.length)
    return `<p>没有找到这个指标。<a href="${esc(ctx.link.page({ route: "metrics", params: {} }))}">查看全部指标</a></p>`;
  return `<p>“${esc(params.metric)}”对应多个指标，请选择：</p><ul>${hits
    .map(
      (h) =>
        `<li><a href="${esc(ctx.link.page({ route: "compare", params: { ...params, metric: h.row.key } }))}">${esc(h.row.label_zh)}</a> <span class="key">${esc(h.row.key)}</span></li>`,
    )
    .join("")}</ul>`;
}

function errorPage(ctx: RouteContext, status: number, message: string, extra = ""): Response {
  const html = renderPage(
    {
      title: status === 404 ? "未找到" : "请求有误",
      active: "compare",
      self: { route: "compare", params: {} },
      body: `<h1>${status === 404 ? "未找到" : "请求有误"}</h1>${extra || `<p>${esc(message)}</p>`}`,
    },
    ctx.link,
  );
  return { status, type: HTML, body: html };
}

const ROUTES = new Set<Route>(["compare", "series", "report", "source", "search", "coverage", "metrics"]);

/** Answers one GET. `url` is a path with its query string. */
export async function respond(ctx: RouteContext, url: string): Promise<Response> {
  const u = new URL(url, "http://localhost");
  const params: Params = Object.fromEntries(u.searchParams);
  try {
    if (u.pathname === "/" || u.pathname === "/index.html")
      return {
        status: 302,
        type: HTML,
        body: "",
        headers: { location: ctx.link.page({ route: "compare", params: {} }) },
      };
    const raw = /^\/raw\/([0-9a-f]{64})(\.\w+)?$/.exec(u.pathname);
    if (raw) {
      const sha = raw[1] as string;
      const doc = queryDocumentBySha(ctx.db, sha);
      const bytes = doc ? readArchived(doc, ctx.rawDir) : null;
      if (!bytes) throw new LoadError("NOT_FOUND", sha, "no archived document with this hash on this machine");
      return {
        status: 200,
        type: contentTypeOf(raw[2] ?? ""),
        body: bytes.bytes,
        headers: { "content-disposition": `inline; filename="${sha.slice(0, 12)}${raw[2] ?? ""}"` },
      };
    }
    const m = /^\/([a-z]+)(?:\/(\d+))?(\.csv|\.xlsx)?$/.exec(u.pathname);
    const route = m?.[1] as Route | undefined;
    if (!m || !route || !ROUTES.has(route)) throw new LoadError("NOT_FOUND", u.pathname, "no such page");
    if (m[2]) params.id = m[2];
    if (route === "source")
      return { status: 200, type: HTML, body: await renderSourcePage(ctx.db, params, ctx.link, ctx.rawDir) };
    // A metric given as a label (from the search box) redirects to the URL with its key: the URL to share.
    if (!m[3] && route === "compare" && params.metric) {
      const metric = resolveMetric(String(params.metric)).key;
      const per = params.per ? resolveMetric(String(params.per)).key : undefined;
      if (metric !== params.metric || (per ?? "") !== (params.per ?? "")) {
        const { province: _, ...rest } = params;
        const location = ctx.link.page({ route, params: { ...rest, metric, per } });
        return { status: 302, type: HTML, body: "", headers: { location } };
      }
    }
    const page = renderPageFor(ctx, route, params);
    if (m[3] === ".csv")
      return {
        status: 200,
        type: "text/csv; charset=utf-8",
        body: page.tables.map((t) => renderTableCsv(t)).join("\r\n"),
        headers: { "content-disposition": `attachment; filename="${page.tables[0]?.name ?? "data"}.csv"` },
      };
    if (m[3] === ".xlsx")
      return {
        status: 200,
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        body: renderXlsx([...page.tables, planNotesTable(page.tables, ctx.link.share(page.self))]),
        headers: { "content-disposition": `attachment; filename="${page.tables[0]?.name ?? "data"}.xlsx"` },
      };
    return { status: 200, type: HTML, body: renderPageHtml(ctx, page) };
  } catch (err) {
    if (
      err instanceof LoadError &&
      err.code === "BAD_OPTION" &&
      params.metric !== undefined &&
      err.source === params.metric
    )
      return errorPage(ctx, 400, err.message, renderMetricChoices(ctx, params));
    if (err instanceof LoadError && (err.code === "NOT_FOUND" || err.code === "BAD_OPTION"))
      return errorPage(ctx, err.code === "NOT_FOUND" ? 404 : 400, err.message);
    throw err;
  }
}
