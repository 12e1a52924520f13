// A report page that prints its tables as images: `gongkai run` fetches the images, OCRs them together as the
// pages of one document (one report, not a fragment per image), and the page's own text is one more document
// of that report (test/fixtures/sites/page-images/README.md).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMirror, startMirror } from "../../demo/mirror.ts";
import { runPipeline } from "../../src/ingest/index.ts";
import { openDatabase } from "../../src/load/index.ts";
import { fixturePath, readExpected } from "../helpers.ts";

let dir: string;
let mirror: RunningMirror;
const expected = readExpected("corpus/seed.expected.json").facts as Record<string, number | null>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-page-images-"));
  mirror = await startMirror([{ id: "district", dir: fixturePath("sites/page-images") }]);
});
afterAll(async () => {
  await mirror.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a report page whose tables are images", () => {
  it("is one report read from its images by OCR, every number right or flagged", async () => {
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
    ];
    await writeFile(join(dir, "sites.json"), JSON.stringify(sites));
    const db = join(dir, "gongkai.db");
    const s = await runPipeline({
      sites: join(dir, "sites.json"),
      db,
      raw: join(dir, "raw"),
      year: 2021,
      crawl: { jitterMs: 0, adaptiveFactor: 0, retryBaseMs: 20, maxRetries: 1, connectTimeoutMs: 2000 },
    });
    expect(s.ok).toBe(true);
    const byName = Object.fromEntries(s.documents.map((d) => [new URL(d.source).pathname + new URL(d.source).hash, d]));
    const images = byName["/zwgk/zfxxgknb/202201/t20220120_3613.html#images"];
    const page = byName["/zwgk/zfxxgknb/202201/t20220120_3613.html"];
    expect(images).toMatchObject({ rendition: "ocr" });
    expect(page).toBeDefined();
    // Whichever came first, the images' reading is the version's; the page (no table) is one more document.
    expect([images!.outcome, page!.outcome].sort()).toEqual(["new", "rendition"]);
    const d = openDatabase(db, { readonly: true });
    try {
      expect(d.prepare("SELECT count(*) FROM reports").pluck().get()).toBe(1);
      const facts = d
        .prepare("SELECT key, value, method, flagged FROM facts WHERE report_id = (SELECT id FROM reports)")
        .all() as { key: string; value: number | null; method: string; flagged: number }[];
      const flagged = new Set(
        (d.prepare("SELECT key FROM flags WHERE key IS NOT NULL").pluck().all() as string[]).concat(
          facts.filter((f) => f.flagged).map((f) => f.key),
        ),
      );
      const right = facts.filter((f) => f.key in expected && f.value === expected[f.key]).length;
      const wrongUnflagged = facts.filter(
        (f) => f.key in expected && f.value !== null && f.value !== expected[f.key] && !flagged.has(f.key),
      );
      expect(wrongUnflagged).toEqual([]);
      expect(right).toBeGreaterThanOrEqual(190);
      expect(new Set(facts.map((f) => f.method))).toEqual(new Set(["ocr"]));
    } finally {
      d.close();
    }
  }, 180_000);
});
