// Hanweb 大汉 jpage: a column page `/col/col<id>/index.html` carries its first records inline in a
// `<script type="text/xml"><datastore>` (`<record><![CDATA[<li><a …>]]></record>`), and the jpage script
// fetches later groups by POST to `/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`
// (older sites: `/module/jpage/dataproxy.jsp`) with the column's parameters (webid, columnid, unitid…) as
// the form body; the answer is the same `<datastore>` XML. Reports: `/art/YYYY/M/D/art_<col>_<doc>.html`.
// Patterns are bounded (`{0,400}`) so that a hostile page cannot make them backtrack over the whole body.
import type { CmsAdapter, ListRequest } from "./_types.ts";

const TOTAL = [/<totalrecord>\s*(\d{1,9})\s*<\/totalrecord>/i, /totalRecord\s*[:=]\s*['"]?(\d{1,9})/];
const NEXT_GROUP = /<nextgroup>\s*<!\[CDATA\[\s*<a\s[^>]{0,400}?href=["']([^"']{1,2000})["']/i;
const PROXY = /proxyUrl\s*[:=]\s*['"]([^'"]{1,200}dataproxy\.jsp)['"]/;
const PER_PAGE = /per[pP]age\s*[:=]\s*['"]?(\d{1,4})/;
const DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp";

/** Records inline in a column page, or in a dataproxy answer. */
export function hanwebNext(req: ListRequest, text: string): ListRequest[] | undefined {
  let total = NaN;
  for (const re of TOTAL) {
    const m = re.exec(text);
    if (m) {
      total = Number(m[1]);
      break;
    }
  }
  const group = NEXT_GROUP.exec(text)?.[1];
  if (req.format !== "hanweb" && !group) return undefined;
  // A dataproxy answer does not repeat the page size: keep the one the request asked with.
  const asked = req.format === "hanweb" ? new URL(req.url).searchParams.get("perpage") : null;
  const perPage = Number(asked ?? PER_PAGE.exec(text)?.[1] ?? 15);
  const records = (text.match(/<record>/gi) ?? []).length;
  let end: number, params: URLSearchParams, proxy: string;
  if (req.format === "hanweb") {
    const u = new URL(req.url);
    end = Number(u.searchParams.get("endrecord") ?? records);
    params = new URLSearchParams(req.body ?? "");
    proxy = u.pathname;
    if (records === 0) return []; // an empty group: past the end
  } else {
    end = records;
    const g = new URL(group!, req.url);
    params = new URLSearchParams(g.search);
    params.delete("page");
    if (!params.has("col")) params.set("col", "1");
    if (!params.has("appid")) params.set("appid", "1");
    proxy = g.pathname.endsWith("dataproxy.jsp") ? g.pathname : (PROXY.exec(text)?.[1] ?? DEFAULT_PROXY);
  }
  if (!Number.isFinite(total) || end >= total) return [];
  const size = perPage * 3; // jpage fetches three pages per group
  const start = end + 1;
  const url = new URL(
    `${proxy}?startrecord=${start}&endrecord=${Math.min(start + size - 1, total)}&perpage=${perPage}`,
    req.url,
  );
  return [{ url: url.href, method: "POST", body: params.toString(), page: req.page + 1, format: "hanweb" }];
}

export const hanweb: CmsAdapter = {
  name: "hanweb",
  detect: ({ text }) => /<datastore>/i.test(text) || /jpage\/dataproxy\.js/.test(text),
  list: ({ req, text, anchors }) => {
    const next = hanwebNext(req, text);
    return next ? { anchors: anchors(), next, adapter: "hanweb" } : undefined;
  },
};
