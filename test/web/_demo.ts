// The demo dataset, built the way `npm run demo` builds it: the local mirror of four sites in
// data/demo/mirror, one `run` into a fresh database. Real pages and PDFs, real provenance and archive.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderSites, startMirror } from "../../demo/mirror.ts";
import { runPipeline } from "../../src/ingest/index.ts";

const REPO = new URL("../../", import.meta.url).pathname;
const DEMO = join(REPO, "data/demo");
const SITES = ["pingtan", "liangping", "huaian-hongze", "huaian"];

/** Builds the demo dataset under `dir`; returns the database path and the raw archive. */
export async function buildDemoDataset(dir: string): Promise<{ db: string; raw: string }> {
  mkdirSync(dir, { recursive: true });
  const mirror = await startMirror(SITES.map((id) => ({ id, dir: join(DEMO, "mirror", id) })));
  try {
    const sites = join(dir, "sites.json");
    writeFileSync(sites, renderSites(readFileSync(join(DEMO, "sites.template.json"), "utf8"), mirror.origins));
    const db = join(dir, "gongkai.db");
    const raw = join(dir, "raw");
    await runPipeline({
      sites,
      db,
      raw,
      year: 2024,
      crawl: { jitterMs: 0, adaptiveFactor: 0, retryBaseMs: 100 },
    });
    return { db, raw };
  } finally {
    await mirror.close();
  }
}
