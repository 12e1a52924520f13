// Renditions and re-hosted copies through `gongkai run`: a district's report page, its Word attachment, and the
// city portal's re-hosted copy (test/fixtures/sites/renditions/README.md) are one report with three
// documents; a second run changes nothing.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror, type RunningMirror } from "../../demo/mirror.ts";
import { runPipeline, type RunSummary } from "../../src/ingest/index.ts";
import { openDatabase } from "../../src/load/index.ts";
import { fixturePath } from "../helpers.ts";

let dir: string;
let mirror: RunningMirror;
const fast = { jitterMs: 0, adaptiveFactor: 0, retryBaseMs: 20, maxRetries: 1, connectTimeoutMs: 2000 };

async function run(): Promise<RunSummary> {
  const sites = [
    {
      id: "cq-liangping",
      name: "重庆市梁平区",
      division: "500155",
      start: `${mirror.origins.district}/zwgk/zfxxgknb/index.html`,
      cms: "trs",
      delayMs: 0,
      allowPrivateAddresses: true,
    },
    {
      id: "cq-portal",
      name: "重庆市",
      division: "500000",
      start: `${mirror.origins.portal}/zwgk/qxnb/index.html`,
      cms: "trs",
      delayMs: 0,
      allowPrivateAddresses: true,
    },
  ];
  const file = join(dir, "sites.json");
  await writeFile(file, JSON.stringify(sites));
  return runPipeline({ sites: file, db: join(dir, "gongkai.db"), raw: join(dir, "raw"), year: 2021, crawl: fast });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-renditions-"));
  const root = fixturePath("sites/renditions");
  mirror = await startMirror([
    { id: "district", dir: join(root, "district") },
    { id: "portal", dir: join(root, "portal") },
  ]);
});
afterAll(async () => {
  await mirror.close();
  await rm(dir, { recursive: true, force: true });
});

describe("gongkai run on a page, its attachment and a re-hosted copy", () => {
  it("loads one report with three documents, the district's page primary whichever host came first", async () => {
    const s = await run();
    expect(s.ok).toBe(true);
    expect(s.reports).toEqual({ new: 1, changed: 0, reparsed: 0, rendition: 2, unchanged: 0, failed: 0 });
    // Coverage counts by division: the portal only re-hosts the district's report, so 重庆市 itself has none.
    expect(s.coverage?.sitesWithoutReport).toEqual(["cq-portal"]);
    const byUrl = Object.fromEntries(s.documents.map((d) => [new URL(d.source).pathname, d]));
    expect(byUrl["/zwgk/zfxxgknb/202201/P020220120_3612.docx"]).toMatchObject({
      outcome: "rendition",
      rendition: "docx",
      primary: false,
    });
    // The two hosts are crawled at once, so either page may load first (`new`); the other is a rendition.
    const pages = ["/zwgk/zfxxgknb/202201/t20220120_3612.html", "/zwgk/qxnb/202202/t20220210_5001.html"];
    expect(pages.map((p) => byUrl[p]?.outcome).sort()).toEqual(["new", "rendition"]);
    const db = openDatabase(join(dir, "gongkai.db"));
    const reports = db.prepare("SELECT version, region_code, year FROM reports").all();
    const documents = db
      .prepare(
        "SELECT site_id, rendition, is_primary FROM report_renditions ORDER BY is_primary DESC, site_id, rendition",
      )
      .all();
    // 本年新收 总计 70 (test/fixtures/corpus/seed.expected.json).
    const total = db.prepare("SELECT value FROM current_facts WHERE key = 'requests.new.total'").pluck().get();
    db.close();
    expect(reports).toEqual([{ version: 1, region_code: "500155", year: 2021 }]);
    expect(total).toBe(70);
    expect(documents).toEqual([
      { site_id: "cq-liangping", rendition: "html", is_primary: 1 },
      { site_id: "cq-liangping", rendition: "docx", is_primary: 0 },
      { site_id: "cq-portal", rendition: "html", is_primary: 0 },
    ]);
  });

  it("a second run changes nothing", async () => {
    const s = await run();
    expect(s.ok).toBe(true);
    expect(s.reports).toMatchObject({ new: 0, changed: 0, reparsed: 0, rendition: 0, failed: 0 });
    expect(s.documents).toEqual([]);
  });
});
