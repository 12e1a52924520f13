// Any platform: item links are the page's anchors, the next page is the link labelled 下一页 (or ›, next…).
import { resolveHref, type Anchor } from "../_html.ts";
import { NEXT_PAGE_TEXT } from "../policy.ts";
import type { CmsAdapter, ListRequest } from "./_types.ts";

/** Plain 下一页 links. A link back to the same page (last page) ends the chain. */
export function nextLinkNext(req: ListRequest, anchors: readonly Anchor[]): ListRequest[] {
  for (const a of anchors) {
    if (!NEXT_PAGE_TEXT.test(a.text.trim()) && !NEXT_PAGE_TEXT.test(a.title.trim())) continue;
    const url = resolveHref(a.href, req.url);
    if (url && url !== req.url) return [{ url, method: "GET", page: req.page + 1, format: "html" }];
  }
  return [];
}

export const generic: CmsAdapter = {
  name: "generic",
  detect: () => true,
  list: ({ req, anchors }) => {
    const a = anchors();
    return { anchors: a, next: nextLinkNext(req, a), adapter: "generic" };
  },
};
