// The `/YYYYMM/<32 hex>.shtml` family: documents named by a 32-digit hex id under a month folder, column
// pages `index.shtml`, `index_2.shtml` … linked from a pager whose next link reads 下一页. The pager is read
// from its links (the first page names no count), so a page without a 下一页 link ends the column.
import { nextLinkNext } from "./generic.ts";
import type { CmsAdapter } from "./_types.ts";

const ITEM = /\/(?:19|20)\d{4}\/[0-9a-f]{32}\.shtml\b/i;

export const shtml32: CmsAdapter = {
  name: "shtml32",
  detect: ({ text }) => ITEM.test(text),
  list: ({ req, anchors }) => {
    const a = anchors();
    return { anchors: a, next: nextLinkNext(req, a), adapter: "shtml32" };
  },
};
