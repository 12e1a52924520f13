// The archived-source page never runs or fetches anything from the archived page: scripts, frames,
// event handlers and remote resources are removed; the provenance banner and the cell index are added;
// bytes that do not hash to the recorded SHA-256 are said to.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadParsed, openDatabase } from "../../src/load/index.ts";
import { serverLinker } from "../../src/web/links.ts";
import { renderSourcePage } from "../../src/web/pages/source.ts";
import { respond } from "../../src/web/routes.ts";
import { seedResult } from "../load/_fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAGE = `<html><head><script src="https://evil.example/x.js"></script><link rel="stylesheet" href="https://cdn.example/a.css">
<meta http-equiv="refresh" content="0;url=https://evil.example/"></head>
<body onload="steal()"><img src="https://tracker.example/p.gif"><iframe src="https://evil.example/"></iframe>
<table><tr><td>一、本年新收政府信息公开申请数量</td><td onclick="x()">70</td></tr></table>
<script>alert(1)</script><a href="javascript:alert(2)">链接</a></body></html>`;

function dataset(bytes: Buffer, recorded: string) {
  const file = join(dir, `${recorded.slice(0, 8)}.html`);
  writeFileSync(file, bytes);
  const db = openDatabase(":memory:");
  const r = seedResult();
  r.cells["requests.new.total"] = { raw: "70", confidence: 1, method: "direct", locator: "table 1 row 1 col 2" };
  const { reportId } = loadParsed(
    db,
    { sha256: recorded, url: "https://www.cqlp.gov.cn/r.html", mediaType: "text/html", archivePath: file },
    r,
  );
  return { db, id: reportId };
}

describe("source page", () => {
  const bytes = Buffer.from(PAGE, "utf8");
  const sha = createHash("sha256").update(bytes).digest("hex");

  it("strips what would run or fetch, keeps the table, adds the banner and the cell index", async () => {
    const { db, id } = dataset(bytes, sha);
    const html = await renderSourcePage(db, { id }, serverLinker("http://127.0.0.1:1"));
    for (const gone of [
      "evil.example",
      "cdn.example",
      "tracker.example",
      "alert(",
      "onclick",
      "onload",
      "javascript:",
      "<iframe",
    ])
      expect(html).not.toContain(gone);
    expect(html).toContain("<td>70</td>");
    expect(html).toContain('id="gk-banner"');
    expect(html).toContain("SHA-256");
    expect(html).toContain(" ✓");
    expect(html).toContain('"requests.new.total":["table 1 row 1 col 2","70","本年新收政府信息公开申请数量"]');
    db.close();
  });

  it("says so when the archived bytes do not match the recorded hash", async () => {
    const { db, id } = dataset(bytes, "0".repeat(64));
    const html = await renderSourcePage(db, { id }, serverLinker("http://127.0.0.1:1"));
    expect(html).toContain("文件与记录的哈希不符");
    db.close();
  });

  it("serves archived bytes only by a hash the dataset knows", async () => {
    const { db } = dataset(bytes, sha);
    const ctx = { db, link: serverLinker("http://127.0.0.1:1") };
    expect((await respond(ctx, `/raw/${sha}.html`)).status).toBe(200);
    expect((await respond(ctx, `/raw/${"1".repeat(64)}.html`)).status).toBe(404);
    expect((await respond(ctx, "/raw/../../etc/passwd")).status).toBe(404);
    db.close();
  });
});
