// TRS WCM / 海云: static list pages index.html, index_1.html … index_{N-1}.html, written by the page script
// `createPageHTML(N, cur, "index", "html")` (older templates: `var countPage = N; var currentPage = cur`).
// Reports live at `…/YYYYMM/tYYYYMMDD_<id>.html` (also .shtml/.htm), attachments at `…/P0YYYYMMDD….pdf`.
import type { CmsAdapter, ListRequest } from "./_types.ts";

const TRS_CALL = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/;
const TRS_VARS = { count: /var\s+countPage\s*=\s*['"]?(\d+)/, cur: /var\s+currentPage\s*=\s*['"]?(\d+)/ };
const TRS_ITEM = /\/t(?:19|20)\d{6}_\d+\.s?html?\b/;

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
  // TRS states the page count, so the last page is known: never probe past it.
  if (cur + 1 >= total) return [];
  return [{ url: new URL(`${prefix}_${cur + 1}.${ext}`, req.url).href, method: "GET", page: cur + 1, format: "html" }];
}

export const trs: CmsAdapter = {
  name: "trs",
  detect: ({ text }) => TRS_CALL.test(text) || TRS_VARS.count.test(text) || TRS_ITEM.test(text),
  list: ({ req, text, anchors }) => {
    const next = trsNext(req, text);
    return next ? { anchors: anchors(), next, adapter: "trs" } : undefined;
  },
};
