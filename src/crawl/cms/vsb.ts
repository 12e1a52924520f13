// Boda VSB (博达站群): a column `…/ndbg.htm` pages to `…/ndbg/<n>.htm`, counting down from the last page
// to 1, through a pager whose next link reads 下页 (`<span class="p_next p_fun"><a href="ndbg/3.htm">`).
// Reports are at `/info/<column id>/<document id>.htm`, attachments under `/system/_content/download.jsp`.
import { resolveHref } from "../_html.ts";
import type { CmsAdapter, ListRequest } from "./_types.ts";

const ITEM = /\/info\/\d{1,9}\/\d{1,12}\.htm\b/;
const MARK = /\/system\/resource\/js\/|_sitegray|VSB\b|p_next p_fun/;
const PAGER_NEXT =
  /<span[^>]{0,80}class=["'][^"']{0,40}p_next[^>]{0,80}>\s*<a\s[^>]{0,200}?href=["']([^"']{1,500})["']/i;

export function vsbNext(req: ListRequest, html: string): ListRequest[] | undefined {
  const m = PAGER_NEXT.exec(html);
  if (!m) return /p_next/.test(html) ? [] : undefined; // a pager without a next link: the last page
  const url = resolveHref(m[1]!.replace(/&amp;/g, "&"), req.url);
  return url && url !== req.url ? [{ url, method: "GET", page: req.page + 1, format: "html" }] : [];
}

export const vsb: CmsAdapter = {
  name: "vsb",
  detect: ({ text }) => ITEM.test(text) && MARK.test(text),
  list: ({ req, text, anchors }) => {
    const next = vsbNext(req, text);
    return next ? { anchors: anchors(), next, adapter: "vsb" } : undefined;
  },
};
