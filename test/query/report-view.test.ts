// The report view lists every document of a version (docs/load.md, "Renditions"): the page and its text.
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { loadParsed } from "../../src/load/index.ts";
import { parseDocument } from "../../src/parse/index.ts";
import { queryReportView } from "../../src/query/report-view.ts";
import { readFixtureBytes } from "../helpers.ts";
import { freshDb } from "../load/_fixtures.ts";

const URL_ = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm";

it("lists the version's documents, the one its facts were read from first", async () => {
  const db = freshDb();
  let id = 0;
  for (const [rel, url] of [
    ["corpus/pingtan/2025-105587/page.txt", `${URL_}#text`],
    ["corpus/pingtan/2025-105587/page.html", URL_],
  ] as const) {
    const bytes = readFixtureBytes(rel);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    id = loadParsed(db, { sha256, url }, await parseDocument({ bytes, path: rel, sha256 })).reportId;
  }
  const v = queryReportView(db, id);
  expect(v?.meta.url).toBe(URL_);
  expect(v?.documents.map((d) => [d.url, d.rendition, d.is_primary, d.unread])).toEqual([
    [URL_, "html", 1, 0],
    [`${URL_}#text`, "text", 0, 3],
  ]);
});
