// Guangdong's 政府信息公开目录管理平台 (gkmlpt). `/gkmlpt/index` is a JavaScript shell: `window._CONFIG`
// holds the site id `SID` and the category `TREE`; the category to show sits in the URL hash
// (`/gkmlpt/index#2455`). The list comes from `/gkmlpt/api/all/<category>?page=N&sid=<SID>` (N from 1)
// as `{"articles":[{"id","title","url","date"(Unix seconds),…}],"total"}`, 100 a page, and a page past the
// end answers 404, so the count in `total` decides the last page. Contents are at
// `/gkmlpt/content/…/post_<id>.html`, attachments at `/attachment/…`.
import type { Anchor } from "../_html.ts";
import type { CmsAdapter, ListPage, ListRequest } from "./_types.ts";

export const GKMLPT_PAGE_SIZE = 100;
const SID = /\bSID\s*["']?\s*:\s*["']?(\d{1,12})/;
/** A TREE node whose name is the annual-report column, e.g. {"id":2455,"name":"政府信息公开年报"}. */
const REPORT_NODE =
  /["']?id["']?\s*:\s*["']?(\d{1,12})["']?\s*,\s*["']?name["']?\s*:\s*["'][^"']{0,40}?(?:年度报告|年报)/;

function apiRequest(shellUrl: string, category: string, sid: string, page: number): ListRequest {
  const u = new URL(`api/all/${category}?page=${page}&sid=${sid}`, new URL("./", shellUrl));
  return { url: u.href, method: "GET", page, format: "gkmlpt" };
}

/** The shell: which API to call, from `_CONFIG` and the hash (or the TREE's report node, or all categories). */
export function gkmlptShell(req: ListRequest, html: string): ListRequest[] | undefined {
  if (!/_CONFIG/.test(html)) return undefined;
  const sid = SID.exec(html)?.[1];
  if (!sid) return undefined;
  const hash = /#(\d{1,12})\b/.exec(req.url)?.[1];
  const category = hash ?? REPORT_NODE.exec(html)?.[1] ?? "0"; // category 0 lists every category
  return [apiRequest(req.url, category, sid, 1)];
}

/** One API page: its articles, and the next page while `total` says there are more. */
export function gkmlptApi(req: ListRequest, text: string): ListPage {
  let data: { articles?: unknown; total?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    return { anchors: [], next: [], adapter: "gkmlpt" }; // an error page: nothing to read
  }
  const articles = Array.isArray(data.articles) ? (data.articles as Record<string, unknown>[]) : [];
  const anchors: Anchor[] = [];
  for (const a of articles) {
    const href = typeof a.url === "string" ? a.url : typeof a.post_url === "string" ? a.post_url : undefined;
    if (href) anchors.push({ href, text: typeof a.title === "string" ? a.title : "", title: "" });
  }
  const total = Number(data.total);
  const u = new URL(req.url);
  const page = Number(u.searchParams.get("page") ?? req.page);
  const more = articles.length > 0 && Number.isFinite(total) && page * GKMLPT_PAGE_SIZE < total;
  const next: ListRequest[] = [];
  if (more) {
    u.searchParams.set("page", String(page + 1));
    next.push({ url: u.href, method: "GET", page: page + 1, format: "gkmlpt" });
  }
  return { anchors, next, adapter: "gkmlpt" };
}

export const gkmlpt: CmsAdapter = {
  name: "gkmlpt",
  detect: ({ req, text }) => /\/gkmlpt\//.test(new URL(req.url).pathname) && /_CONFIG/.test(text),
  list: ({ req, text }) => {
    if (req.format === "gkmlpt") return gkmlptApi(req, text);
    const next = gkmlptShell(req, text);
    return next ? { anchors: [], next, adapter: "gkmlpt" } : undefined;
  },
};
