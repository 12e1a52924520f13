// One report in several documents. A report page and its text, a copy
// re-hosted on another host, an OCR reading: the same numbers are one version with several documents;
// other numbers are a new version with its changes. Real fixtures, parsed here; expected values from
// the hand-checked expected files.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isLoaded, type LoadOutcome, loadParsed, type SourceDocument } from "../../src/load/index.ts";
import { parseDocument, type ParseResult } from "../../src/parse/index.ts";
import { readExpected, readFixtureBytes } from "../helpers.ts";
import { fixedClock, freshDb, rowCounts } from "./_fixtures.ts";

const PINGTAN_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm";
const SEED_URL = "http://www.cqlp.gov.cn/zwgk/zfxxgknb/202201/t20220120_3612.html";
/** A city portal re-hosting the district's report. */
const PORTAL_URL = "https://www.cq.gov.cn/zwgk/qxnb/liangping/2021.html";

interface Parsed {
  doc: SourceDocument;
  result: ParseResult;
}

async function parse(bytes: Uint8Array, path: string, url: string): Promise<Parsed> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const result = await parseDocument({ bytes, path, sha256 });
  return { doc: { sha256, url, fetchedAt: "2026-03-14T00:00:00.000Z", size: bytes.length }, result };
}
const parseFixture = (rel: string, url: string) => parse(readFixtureBytes(rel), rel, url);

const pingtanPage = () => parseFixture("corpus/pingtan/2025-105587/page.html", PINGTAN_URL);
const pingtanText = () => parseFixture("corpus/pingtan/2025-105587/page.txt", `${PINGTAN_URL}#text`);
const seedPage = () => parseFixture("parse/html/seed-2021.utf8.html", SEED_URL);
const seedText = () => parseFixture("corpus/seed.txt", `${SEED_URL}#text`);

function load(db: ReturnType<typeof freshDb>, p: Parsed): LoadOutcome {
  return loadParsed(db, p.doc, p.result, { now: fixedClock });
}

function documentsOf(db: ReturnType<typeof freshDb>, reportId: number) {
  return db
    .prepare(`SELECT d.url, rd.rendition, rd.is_primary, rd.unread FROM report_documents rd
      JOIN documents d ON d.id = rd.document_id WHERE rd.report_id = ? ORDER BY rd.is_primary DESC, d.url`)
    .all(reportId);
}

const factOf = (db: ReturnType<typeof freshDb>, reportId: number, key: string) =>
  db.prepare("SELECT value FROM facts WHERE report_id = ? AND key = ?").pluck().get(reportId, key);

// 行政规范性文件 本年制发 58, 本年废止 45, 现行有效 546 (test/fixtures/parse/html/pingtan-2025-105587.expected.json).
// The page text glues them into "5845546", which the text reader leaves unread (null, AMBIGUOUS_SPLIT).
const pingtanExpected = readExpected("parse/html/pingtan-2025-105587.expected.json").facts;
const seedExpected = readExpected("corpus/seed.expected.json").facts;
const NORMATIVE = ["issued", "repealed", "in_force"].map((m) => `proactive.normative_docs.${m}`);

describe("a landing page without tables and the report it names", () => {
  // The seed page with its tables taken out: the title and section headings of the same report, as a
  // column page that links the report's attachment prints them.
  const landing = async (url: string) => {
    const html = readFixtureBytes("parse/html/seed-2021.utf8.html").toString("utf8");
    const bare = html.replace(/<table[\s\S]*?<\/table>/g, "");
    expect(bare).not.toBe(html);
    return parse(Buffer.from(bare), "landing.html", url);
  };

  it("is one report whichever comes first, its facts from the page that prints the tables", async () => {
    for (const order of ["landing first", "report first"]) {
      const db = freshDb();
      const [a, b] =
        order === "landing first"
          ? [await landing(`${SEED_URL}?landing`), await seedPage()]
          : [await seedPage(), await landing(`${SEED_URL}?landing`)];
      const first = load(db, a);
      const second = load(db, b);
      expect(second, order).toMatchObject({ status: "rendition", reportId: first.reportId, version: 1 });
      expect(db.prepare("SELECT count(*) FROM reports").pluck().get(), order).toBe(1);
      expect(
        db.prepare("SELECT url FROM documents d JOIN reports r ON r.document_id = d.id").pluck().get(),
        order,
      ).toBe(SEED_URL);
      expect(factOf(db, first.reportId, "requests.new.total"), order).toBe(seedExpected["requests.new.total"]);
    }
  });
});

describe("a page edited in place", () => {
  it("is a changed version when its prose changed and its numbers did not; a second copy of the same prose is not", async () => {
    const db = freshDb();
    const first = load(db, await pingtanPage());
    const html = readFixtureBytes("corpus/pingtan/2025-105587/page.html").toString("utf8");
    const edited = html.replace("平台互动功能仍有不足", "平台互动功能仍有不足，网站栏目更新不及时");
    expect(edited).not.toBe(html);
    const again = load(db, await parse(Buffer.from(edited), "edited.html", PINGTAN_URL));
    expect(again).toMatchObject({ status: "changed", version: 2, changes: [], rendition: "html" });
    // The same edited page re-hosted elsewhere: the same numbers and the same prose, one more document.
    const copy = load(db, await parse(Buffer.from(`${edited}\n`), "copy.html", PORTAL_URL));
    expect(copy).toMatchObject({ status: "rendition", reportId: again.reportId });
    expect(first.reportId).not.toBe(again.reportId);
  });

  it("compares prose only between readings of one kind: the page's text rendition is still a rendition", async () => {
    const db = freshDb();
    load(db, await pingtanPage());
    const text = readFixtureBytes("corpus/pingtan/2025-105587/page.txt").toString("utf8");
    const edited = text.replace("平台互动功能仍有不足", "平台互动功能仍有不足，网站栏目更新不及时");
    expect(edited).not.toBe(text);
    const out = load(db, await parse(Buffer.from(edited), "edited.txt", `${PINGTAN_URL}#text`));
    expect(out).toMatchObject({ status: "rendition", version: 1 });
  });
});

describe("a report page and its text", () => {
  it("are one version with two documents, no changes", async () => {
    const db = freshDb();
    const page = load(db, await pingtanPage());
    const text = load(db, await pingtanText());
    expect([page.status, text.status]).toEqual(["new", "rendition"]);
    expect(text).toMatchObject({ reportId: page.reportId, version: 1, changes: [], rendition: "text" });
    expect(db.prepare("SELECT count(*) FROM reports").pluck().get()).toBe(1);
    expect(db.prepare("SELECT count(*) FROM changes").pluck().get()).toBe(0);
    expect(documentsOf(db, page.reportId)).toEqual([
      { url: PINGTAN_URL, rendition: "html", is_primary: 1, unread: 0 },
      { url: `${PINGTAN_URL}#text`, rendition: "text", is_primary: 0, unread: 3 },
    ]);
    for (const k of NORMATIVE) expect(factOf(db, page.reportId, k)).toBe(pingtanExpected[k]);
  });

  it("give the same facts loaded the other way round: the page, which read every cell, becomes primary", async () => {
    const db = freshDb();
    const text = load(db, await pingtanText());
    expect(factOf(db, text.reportId, NORMATIVE[0]!)).toBeNull();
    const page = load(db, await pingtanPage());
    expect(page).toMatchObject({ status: "rendition", reportId: text.reportId, version: 1, primary: true });
    for (const k of NORMATIVE) expect(factOf(db, text.reportId, k)).toBe(pingtanExpected[k]);
    expect(db.prepare("SELECT status FROM reports").pluck().get()).toBe("ok");
    expect(db.prepare("SELECT count(*) FROM flags").pluck().get()).toBe(0);
    expect(db.prepare("SELECT DISTINCT rendition FROM fact_provenance").pluck().all()).toEqual(["html"]);
    expect(db.prepare("SELECT url FROM fact_provenance WHERE key = ?").pluck().get(NORMATIVE[2])).toBe(PINGTAN_URL);
    expect(documentsOf(db, text.reportId)).toEqual([
      { url: PINGTAN_URL, rendition: "html", is_primary: 1, unread: 0 },
      { url: `${PINGTAN_URL}#text`, rendition: "text", is_primary: 0, unread: 3 },
    ]);
  });

  it("loaded again change nothing", async () => {
    const db = freshDb();
    const both = [await pingtanPage(), await pingtanText()];
    for (const p of both) load(db, p);
    const before = rowCounts(db);
    expect(both.map((p) => load(db, p).status)).toEqual(["unchanged", "unchanged"]);
    expect(rowCounts(db)).toEqual(before);
    for (const p of both) expect(isLoaded(db, p.doc.sha256, p.result.parser_version)).toBe(true);
  });
});

describe("renditions that disagree", () => {
  it("make a new version with the changed cells, from the document that disagrees", async () => {
    const db = freshDb();
    const v1 = load(db, await seedPage());
    expect(load(db, await seedText()).status).toBe("rendition");
    // The text rendition re-posted with 本年新收 自然人 69 → 68 (seed: 69, test/fixtures/corpus/seed.expected.json).
    const text = readFixtureBytes("corpus/seed.txt").toString("utf8");
    const edited = text.replace("一、本年新收政府信息公开申请数量 |\n69 |", "一、本年新收政府信息公开申请数量 |\n68 |");
    expect(edited).not.toBe(text);
    const v2 = load(db, await parse(Buffer.from(edited), "seed-edited.txt", `${SEED_URL}#edited`));
    expect(v2).toMatchObject({ status: "changed", version: 2, previousReportId: v1.reportId, primary: true });
    expect(v2.changes).toContainEqual(
      expect.objectContaining({ key: "requests.new.natural_person", kind: "changed", oldValue: 69, newValue: 68 }),
    );
    expect(documentsOf(db, v1.reportId)).toHaveLength(2);
    expect(documentsOf(db, v2.reportId)).toEqual([
      { url: `${SEED_URL}#edited`, rendition: "text", is_primary: 1, unread: 0 },
    ]);
  });
});

describe("an agency spelt otherwise", () => {
  it("by a new parser reading the same document is a reparse of the same report", async () => {
    const db = freshDb();
    const v1 = load(db, await seedPage());
    const again = await seedPage();
    again.result.parser_version = `${again.result.parser_version}-next`;
    again.result.report.agency = "重庆市梁平区人民政府";
    const v2 = load(db, again);
    expect(v2).toMatchObject({
      status: "reparsed",
      version: 2,
      reportKey: v1.reportKey,
      previousReportId: v1.reportId,
    });
    expect(db.prepare("SELECT count(*) FROM reports WHERE current = 1").pluck().get()).toBe(1);
    expect(documentsOf(db, v2.reportId)).toEqual([{ url: SEED_URL, rendition: "html", is_primary: 1, unread: 0 }]);
  });
});

describe("a report re-hosted on another host", () => {
  it("with the same bytes is the same document", async () => {
    const db = freshDb();
    const first = load(db, await seedPage());
    const copy = await seedPage();
    copy.doc.url = PORTAL_URL;
    expect(load(db, copy)).toMatchObject({ status: "unchanged", reportId: first.reportId });
    expect(db.prepare("SELECT count(*) FROM documents").pluck().get()).toBe(1);
  });

  it("with other bytes (re-encoded GB2312 by the portal's CMS) is one more document; the district's own copy is primary in either order", async () => {
    // As `gongkai run` passes them: each document with its site's registry division (重庆市 500000 for the portal).
    const district = async () => {
      const p = await seedPage();
      Object.assign(p.doc, { region: "重庆市梁平区", regionCode: "500155" });
      return p;
    };
    const portal = async () => {
      const p = await parseFixture("parse/html/seed-2021.gb2312.html", PORTAL_URL);
      Object.assign(p.doc, { region: "重庆市", regionCode: "500000" });
      return p;
    };
    for (const order of [
      [district, portal],
      [portal, district],
    ]) {
      const db = freshDb();
      const first = load(db, await order[0]!());
      const second = load(db, await order[1]!());
      expect(second).toMatchObject({ status: "rendition", reportId: first.reportId, version: 1, changes: [] });
      expect(db.prepare("SELECT report_key, region_code FROM reports").all()).toEqual([
        { report_key: "2021|梁平区人民政府|500155", region_code: "500155" },
      ]);
      expect(documentsOf(db, first.reportId)).toEqual([
        { url: SEED_URL, rendition: "html", is_primary: 1, unread: 0 },
        { url: PORTAL_URL, rendition: "html", is_primary: 0, unread: 0 },
      ]);
    }
  });
});

/**
 * A clean OCR reading of the seed: the seed text's own reading relabelled as OCR (every cell method
 * `ocr`, confidence 0.9). The real 300 dpi scan (test/formats/ocr.test.ts) misreads the year and
 * several cells, so it is a report of its own, never a rendition of the seed.
 */
async function seedOcr(): Promise<Parsed> {
  return asOcr(await parseFixture("corpus/seed.txt", SEED_URL));
}
function asOcr(p: Parsed): Parsed {
  const r = structuredClone(p.result);
  r.source = {
    ...r.source,
    media_type: "application/pdf",
    shape: "ocr-rows",
    rendition: { method: "ocr", read: "page images" },
  };
  for (const c of Object.values(r.cells)) Object.assign(c, { method: "ocr", confidence: 0.9 });
  const sha256 = createHash("sha256").update(`scan of ${p.doc.sha256}`).digest("hex");
  return { doc: { ...p.doc, sha256, url: `${p.doc.url}#scan` }, result: r };
}

describe("OCR and text renditions", () => {
  it("the text reading beats an OCR reading loaded before it", async () => {
    const db = freshDb();
    const ocr = load(db, await seedOcr());
    expect(db.prepare("SELECT DISTINCT method FROM facts").pluck().all()).toEqual(["ocr"]);
    const text = load(db, await seedText());
    expect(text).toMatchObject({ status: "rendition", reportId: ocr.reportId, primary: true });
    expect(db.prepare("SELECT DISTINCT method FROM facts").pluck().all()).toEqual(["direct"]);
    expect(db.prepare("SELECT DISTINCT confidence FROM facts").pluck().all()).toEqual([1]);
    expect(db.prepare("SELECT rendition FROM current_reports").pluck().get()).toBe("text");
    expect(db.prepare("SELECT documents FROM current_reports").pluck().get()).toBe(2);
  });

  it("a text reading taking over a changed version keeps that version's changes", async () => {
    const db = freshDb();
    const v1 = load(db, await seedPage());
    // The scan of a re-posted report with 本年新收 自然人 69 → 68, then the text of that same re-posted report.
    const edited = readFixtureBytes("corpus/seed.txt")
      .toString("utf8")
      .replace("一、本年新收政府信息公开申请数量 |\n69 |", "一、本年新收政府信息公开申请数量 |\n68 |");
    const text = await parse(Buffer.from(edited), "seed-edited.txt", `${SEED_URL}#edited`);
    const v2 = load(db, asOcr(text));
    expect(v2).toMatchObject({ status: "changed", version: 2, previousReportId: v1.reportId });
    const before = db.prepare("SELECT key, old_value, new_value FROM changes ORDER BY key").all();
    expect(before).toContainEqual({ key: "requests.new.natural_person", old_value: 69, new_value: 68 });
    expect(load(db, text)).toMatchObject({ status: "rendition", reportId: v2.reportId, primary: true });
    expect(db.prepare("SELECT key, old_value, new_value FROM changes ORDER BY key").all()).toEqual(before);
    expect(db.prepare("SELECT count(*) FROM changes WHERE report_id = ?").pluck().get(v2.reportId)).toBe(before.length);
    expect(db.prepare("SELECT DISTINCT method FROM facts WHERE report_id = ?").pluck().all(v2.reportId)).toEqual([
      "direct",
    ]);
  });

  it("an OCR reading loaded after the text stays a secondary document", async () => {
    const db = freshDb();
    const text = load(db, await seedText());
    const ocr = load(db, await seedOcr());
    expect(ocr).toMatchObject({ status: "rendition", reportId: text.reportId, rendition: "ocr" });
    expect(ocr.primary).toBeUndefined();
    expect(db.prepare("SELECT DISTINCT method FROM facts").pluck().all()).toEqual(["direct"]);
    expect(db.prepare("SELECT rendition, is_primary FROM report_renditions ORDER BY is_primary DESC").all()).toEqual([
      { rendition: "text", is_primary: 1 },
      { rendition: "ocr", is_primary: 0 },
    ]);
  });
});
