// `npm run demo`: the whole pipeline on this machine, no network beyond loopback. Starts a local
// mirror of four government sites (real Pingtan pages, the seed as a Liangping page, real Huai'an
// PDF reports), runs `gongkai run` into a fresh database, and prints what it loaded side by side.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderRunSummary } from "../src/cli/render/run-summary.ts";
import { COLOR, PLAIN, renderTable } from "../src/cli/render/table.ts";
import { loadRegistry } from "../src/crawl/index.ts";
import { runPipeline, writeRunSummary } from "../src/ingest/index.ts";
import { openDatabase } from "../src/load/index.ts";
import { queryReportWide, queryRunCoverage, type ReportWideRow } from "../src/query/index.ts";
import { renderSites, startMirror } from "./mirror.ts";

const DEMO = "data/demo";
const OUT = "data/demo-run";
const SITES = ["pingtan", "liangping", "huaian-hongze", "huaian"];

export function renderComparison(rows: readonly ReportWideRow[], color: boolean): string {
  const style = color ? COLOR : PLAIN;
  const body = rows.map((r) => [
    r.agency ?? "?",
    r.region_code ?? r.region_text ?? "?",
    String(r.year ?? "?"),
    r.template,
    r.shape ?? "",
    r.status,
    r.requests_new_total ?? null,
    r.requests_granted_total ?? null,
    r.requests_total_total ?? null,
    r.appeals_review_total ?? null,
    String(r.failing),
  ]);
  return renderTable(
    [
      "agency",
      "region",
      "year",
      "form",
      "shape",
      "status",
      "new requests",
      "granted",
      "handled",
      "reviews",
      "failing checks",
    ],
    body,
    { style, hot: (ri, ci) => ci === 5 && rows[ri]!.status !== "ok", right: (c) => c >= 6, rule: false },
  ).trimEnd();
}

async function main(): Promise<number> {
  const t0 = Date.now();
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const mirror = await startMirror(SITES.map((id) => ({ id, dir: join(DEMO, "mirror", id) })));
  try {
    const sitesFile = join(OUT, "sites.json");
    await writeFile(sitesFile, renderSites(await readFile(join(DEMO, "sites.template.json"), "utf8"), mirror.origins));
    console.log(`gongkai demo: local mirror of ${SITES.length} sites on ${Object.values(mirror.origins).join(", ")}`);
    const db = join(OUT, "gongkai.db");
    const summary = await runPipeline({
      sites: sitesFile,
      db,
      raw: join(OUT, "raw"),
      year: 2024,
      crawl: { jitterMs: 0, adaptiveFactor: 0, retryBaseMs: 100 },
      onDocument: (d) =>
        console.log(
          `  ${d.outcome.padEnd(9)} ${d.status ?? d.code ?? ""}`.padEnd(24) +
            ` ${d.source.replace(/^http:\/\/127\.0\.0\.1:\d+/, `[${d.siteId}]`)}`,
        ),
    });
    const data = openDatabase(db);
    const rows = queryReportWide(data);
    // Coverage for the latest year the demo loaded, not a fixed year the mirror may not hold.
    const year = Math.max(...rows.map((r) => r.year ?? 0));
    if (year > 0) summary.coverage = queryRunCoverage(data, await loadRegistry(sitesFile), year);
    data.close();
    await writeRunSummary(join(OUT, "last-run.json"), summary);
    console.log(`\n${renderRunSummary(summary)}\n`);
    const dead = summary.failedUrls.filter((f) => f.class === "http_404").length;
    if (dead)
      console.log(
        `The ${dead} http_404 above are on purpose: the mirror serves the real sites' listing pages, which link reports\n` +
          "the real sites no longer serve (dead links). They show how a run reports them; they are not demo errors.\n",
      );
    console.log(renderComparison(rows, process.stdout.isTTY === true));
    console.log(`\n${rows.length} reports loaded into ${db} in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    console.log(
      `Open it with: sqlite3 ${db} 'select * from report_wide' — or: npx gongkai export --db ${db} --format csv --out reports.csv`,
    );
    return summary.ok && rows.length > 0 ? 0 : 1;
  } finally {
    await mirror.close();
  }
}

process.exitCode = await main();
