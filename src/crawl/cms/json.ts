// A JSON list API configured in the registry (`listApi`): items at a dot path, `{page}` in the URL.
import type { Anchor } from "../_html.ts";
import type { ListApi } from "../registry.ts";
import type { CmsAdapter, ListPage, ListRequest } from "./_types.ts";

export function dig(obj: unknown, path: string): unknown {
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

export const json: CmsAdapter = {
  name: "json",
  detect: () => false, // configured only: an API is not discoverable from a page
  list: ({ site, req, text }) =>
    site.listApi && req.format === "json" ? jsonPage(site.listApi, req, text) : undefined,
};
