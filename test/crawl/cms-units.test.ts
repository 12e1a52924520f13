// The platform adapters as pure functions: hand-made inputs, hand-checked requests.
import { describe, expect, it } from "vitest";
import { gkmlptApi, gkmlptShell } from "../../src/crawl/cms/gkmlpt.ts";
import { hanwebNext } from "../../src/crawl/cms/hanweb.ts";
import { CMS_NAMES } from "../../src/crawl/cms/index.ts";
import { vsbNext } from "../../src/crawl/cms/vsb.ts";

const req = (url: string, format = "html", page = 0) => ({ url, method: "GET" as const, page, format });

describe("gkmlpt", () => {
  const shell = `<script>window._CONFIG = { SID: '755031', TREE: [{"id":11,"name":"机构"},{"id":2455,"name":"政府信息公开年报"}] };</script>`;
  it("the shell leads to the API of the category in the hash, else the TREE's report node, else all", () => {
    expect(gkmlptShell(req("http://h/gkmlpt/index#2811"), shell)).toEqual([
      req("http://h/gkmlpt/api/all/2811?page=1&sid=755031", "gkmlpt", 1),
    ]);
    expect(gkmlptShell(req("http://h/sub/gkmlpt/index"), shell)?.[0]?.url).toBe(
      "http://h/sub/gkmlpt/api/all/2455?page=1&sid=755031",
    );
    expect(gkmlptShell(req("http://h/gkmlpt/index"), "<script>window._CONFIG = {SID: '2'}</script>")?.[0]?.url).toBe(
      "http://h/gkmlpt/api/all/0?page=1&sid=2",
    );
    expect(gkmlptShell(req("http://h/gkmlpt/index"), "<p>no config</p>")).toBeUndefined();
  });
  it("an API page: its articles, the next page while page × 100 < total, never past it", () => {
    const arts = (n: number) =>
      JSON.stringify({
        total: 150,
        articles: Array.from({ length: n }, (_, i) => ({ id: i, title: `t${i}`, url: `/p/${i}.html` })),
      });
    const p1 = gkmlptApi(req("http://h/gkmlpt/api/all/5?page=1&sid=2", "gkmlpt", 1), arts(100));
    expect(p1.anchors).toHaveLength(100);
    expect(p1.next).toEqual([req("http://h/gkmlpt/api/all/5?page=2&sid=2", "gkmlpt", 2)]);
    expect(gkmlptApi(req("http://h/gkmlpt/api/all/5?page=2&sid=2", "gkmlpt", 2), arts(50)).next).toEqual([]);
    expect(gkmlptApi(req("http://h/gkmlpt/api/all/5?page=2&sid=2", "gkmlpt", 2), '{"code":404}').next).toEqual([]);
  });
});

describe("VSB and Hanweb", () => {
  it("VSB follows the p_next link; a disabled p_next_d ends the column", () => {
    const page = '<span class="p_next p_fun"><a href="ndbg/4.htm">下页</a></span>';
    expect(vsbNext(req("http://h/xxgk/ndbg.htm"), page)).toEqual([req("http://h/xxgk/ndbg/4.htm", "html", 1)]);
    expect(vsbNext(req("http://h/xxgk/ndbg/1.htm"), '<span class="p_next_d p_fun_d">下页</span>')).toEqual([]);
    expect(vsbNext(req("http://h/x.htm"), "<p>no pager</p>")).toBeUndefined();
  });
  it("Hanweb keeps an old site's /module/jpage/ path and the page size across groups", () => {
    const col = `<datastore><nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&webid=3&columnid=9"></a>]]></nextgroup><recordset><record>a</record></recordset></datastore><script>x({perPage: 15, totalRecord: 100})</script>`;
    const [g] = hanwebNext(req("http://h/col/col9/index.html"), col)!;
    expect(g!.url).toBe("http://h/module/jpage/dataproxy.jsp?startrecord=2&endrecord=46&perpage=15");
    const group = `<datastore><totalrecord>100</totalrecord><recordset>${"<record>r</record>".repeat(45)}</recordset></datastore>`;
    const [g2] = hanwebNext({ ...g!, page: 1 }, group)!;
    expect(g2!.url).toBe("http://h/module/jpage/dataproxy.jsp?startrecord=47&endrecord=91&perpage=15");
    expect(new URLSearchParams(g2!.body).get("columnid")).toBe("9");
  });
  it("the registry knows every adapter by name", () => {
    expect([...CMS_NAMES].sort()).toEqual(["generic", "gkmlpt", "hanweb", "json", "shtml32", "trs", "vsb"]);
  });
});
