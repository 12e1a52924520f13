// List-page pagination adapters for the common CMS families (CRAWL.md §8). Adapters are data-driven and
// pure: given a fetched list page, they return its item anchors and the next list request(s).
// Pagination is chained (page n+1 is queued when page n is read) so a later run can stop early.
import { extractAnchors, resolveHref, type Anchor } from "./_html.ts";
import { NEXT_PAGE_TEXT } from "./policy.ts";
import type { ListApi, Site } from "./registry.ts";

export interface ListRequest {
  url: string;
  method: "GET" | "POST";
  /** Form body of a POST (Hanweb dataproxy). */
  body?: string;
  /** 0-based page index within the column. */
  page: number;
  format: "html" | "hanweb" | "json";
}

export interface ListPage {
  anchors: Anchor[];
  next: ListRequest[];
  adapter: string;
}

/** TRS WCM: `createPageHTML(N, cur, "index", "html")`; pages index.html, index_1.html … index_{N-1}.html. */
const TRS_CALL = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/;
const TRS_VARS = { count: /var\s+countPage\s*=\s*['"]?(\d+)/, cur: /var\s+currentPage\s*=\s*['"]?(\d+)/ };

export function trsNext(req: ListRequest, html: string): ListRequest[] | undefined {
  let total: number,
    cur: number,
    prefix = "index",
    ext = "html";
  const m = TRS_CALL.exec(html);
  if (m) {
    total = Number(m[1]);
    cur = Number(m[2]);
    prefix = m[3]!;
    ext = m[4]!;
  } else {
    const c = TRS_VARS.count.exec(html);
    if (!c) return undefined;
    total = Number(c[1]);
    cur = Number(TRS_VARS.cur.exec(html)?.[1] ?? req.page);
    const sx = /\.(s?html?)(?:$|\?)/.exec(new URL(req.url).pathname);
    if (sx) ext = sx[1]!;
  }
  // Never probe past page N−1 (CRAWL.md §8 bar: ≤ 1 request past the last page; TRS tells us N).
  if (cur + 1 >= total) return [];
  return [{ url: new URL(`${prefix}_${cur + 1}.${ext}`, req.url).href, method: "GET", page: cur + 1, format: "html" }];
}

/** Hanweb 大汉 jpage: records inline in `<datastore>`, the rest from POST dataproxy.jsp in groups. */
export function hanwebNext(req: ListRequest, text: string): ListRequest[] | undefined {
  const total = Number(
    /<totalrecord>\s*(\d+)\s*<\/totalrecord>/i.exec(text)?.[1] ??
      /totalRecord\s*[:=]\s*['"]?(\d+)/.exec(text)?.[1] ??
      NaN,
  );
  const group = /<nextgroup>\s*<!\[CDATA\[\s*<a[^>]+href=["']([^"']+)["']/i.exec(text)?.[1];
  if (req.format !== "hanweb" && !group) return undefined;
  const perPage = Number(/per[pP]age\s*[:=]\s*['"]?(\d+)/.exec(text)?.[1] ?? 15);
  const records = (text.match(/<record>/gi) ?? []).length;
  let end: number, params: URLSearchParams;
  if (req.format === "hanweb") {
    const u = new URL(req.url);
    end = Number(u.searchParams.get("endrecord") ?? records);
    params = new URLSearchParams(req.body ?? "");
    if (records === 0) return []; // an empty group: past the end
  } else {
    end = records;
    const g = new URL(group!, req.url);
    params = new URLSearchParams(g.search);
    params.delete("page");
    if (!params.has("col")) params.set("col", "1");
    if (!params.has("appid")) params.set("appid", "1");
  }
  if (!Number.isFinite(total) || end >= total) return [];
  const size = perPage * 3; // jpage fetches three pages per group
  const start = end + 1;
  const url = new URL(
    `/module/web/jpage/dataproxy.jsp?startrecord=${start}&endrecord=${Math.min(start + size - 1, total)}&perpage=${perPage}`,
    req.url,
  );
  return [{ url: url.href, method: "POST", body: params.toString(), page: req.page + 1, format: "hanweb" }];
}

/** Plain 下一页 links. A link back to the same page (last page) ends the chain. */
export function nextLinkNext(req: ListRequest, anchors: readonly Anchor[]): ListRequest[] {
  for (const a of anchors) {
    if (!NEXT_PAGE_TEXT.test(a.text.trim()) && !NEXT_PAGE_TEXT.test(a.title.trim())) continue;
    const url = resolveHref(a.href, req.url);
    if (url && url !== req.url) return [{ url, method: "GET", page: req.page + 1, format: "html" }];
  }
  return [];
}

function dig(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split(".").filter(Boolean)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

export function jsonListUrl(api: ListApi, page: number): string {
  return api.url.replace("{page}", String(page));
}

/** A configured JSON list API: items at a dot path, stop at the first empty page or at `total`. */
export function jsonPage(api: ListApi, req: ListRequest, text: string): ListPage {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { anchors: [], next: [], adapter: "json" }; // not JSON (an error page): no items, no next page
  }
  const items = dig(data, api.items);
  const list = Array.isArray(items) ? items : [];
  const anchors: Anchor[] = [];
  for (const it of list) {
    const href = dig(it, api.link),
      title = dig(it, api.title);
    if (typeof href === "string") anchors.push({ href, text: typeof title === "string" ? title : "", title: "" });
  }
  const total = api.total ? Number(dig(data, api.total)) : NaN;
  const pageNo = api.firstPage + req.page;
  const seenAll = Number.isFinite(total) && api.pageSize !== undefined && (req.page + 1) * api.pageSize >= total;
  const next: ListRequest[] =
    list.length === 0 || seenAll
      ? []
      : [{ url: jsonListUrl(api, pageNo + 1), method: "GET", page: req.page + 1, format: "json" }];
  return { anchors, next, adapter: "json" };
}

/** Run the site's adapter (or detect one) on a fetched list page. */
export function nextListRequests(site: Site, req: ListRequest, text: string): ListPage {
  if (req.format === "json") {
    return site.listApi ? jsonPage(site.listApi, req, text) : { anchors: [], next: [], adapter: "json" };
  }
  const anchors = extractAnchors(text);
  const cms = site.cms;
  if (cms === "hanweb" || cms === "auto" || req.format === "hanweb") {
    const next = hanwebNext(req, text);
    if (next) return { anchors, next, adapter: "hanweb" };
  }
  if (cms === "trs" || cms === "auto") {
    const next = trsNext(req, text);
    if (next) return { anchors, next, adapter: "trs" };
  }
  return { anchors, next: nextLinkNext(req, anchors), adapter: "generic" };
}
