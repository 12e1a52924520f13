// Link scanning is linear: adversarial pages at the page cap scan in bounded time.
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { extractAnchors } from "../../src/crawl/_html.ts";
import { htmlToText } from "../../src/parse/index.ts";
import { readListPage } from "../../src/crawl/cms/index.ts";
import { selectAttachments } from "../../src/crawl/discover.ts";
import { site } from "./_helpers.ts";

const CAP = Math.floor(0.95 * 2 ** 20);
const fill = (unit: string) => unit.repeat(Math.floor(CAP / unit.length));

/** Each shape once; before the fix `<a href=x>` alone took ~15 s. */
const HOSTILE: [string, string][] = [
  ["unclosed <a href=x>", fill("<a href=x>")],
  ["unclosed <a> with text", fill("<a href=x>下一页")],
  ["unclosed comments", fill("<!--")],
  ["unclosed scripts", fill("<script>")],
  ["lone <", fill("<")],
  ["<a without >", `<a${" href=x".repeat(CAP / 7)}`],
  ["Hanweb nextgroup without >", fill("<nextgroup><![CDATA[<a ")],
  ["VSB pager without a link", fill('<span class="p_next p_fun">')],
  ["gkmlpt _CONFIG without SID", fill("_CONFIG SID:")],
  ["entities", fill("&#x1234567890")],
];

describe("scanning hostile pages at the size cap is linear", () => {
  it.each(HOSTILE)(
    "%s: anchors, text, list adapters and attachments each within 2 s (quadratic took ~15 s)",
    (_name, html) => {
      const req = { url: "http://h/col/index.html", method: "GET" as const, page: 0, format: "html" };
      const s = site("x", "http://h/col/index.html");
      for (const f of [
        () => extractAnchors(html),
        () => htmlToText(html),
        () => readListPage(s, req, html),
        () => selectAttachments(html, req.url, "t"),
      ]) {
        const t0 = performance.now();
        f();
        expect(performance.now() - t0).toBeLessThan(2000);
      }
    },
  );

  it("still reads ordinary markup as before", () => {
    const a = extractAnchors(
      '<ul><li><a href="/a.html" title="T">A <b>1</b></a><!-- <a href="/hidden">x</a> --><script>var s="<a href=/js>";</script>' +
        '<a href=/b.html>B<a href="/c.html">C</a></ul><script type="text/xml"><record><![CDATA[<a href="/d.html">D</a>]]></record></script>',
    );
    expect(a).toEqual([
      { href: "/a.html", text: "A 1", title: "T" },
      { href: "/b.html", text: "B", title: "" },
      { href: "/c.html", text: "C", title: "" },
      { href: "/d.html", text: "D", title: "" },
    ]);
    expect(htmlToText("<title>年报</title><style>p{}</style><p>一&nbsp;二</p><!-- x -->三")).toBe("年报 一 二 三");
  });
});
