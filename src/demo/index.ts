// `npm run demo`: the whole pipeline on this machine, no network beyond loopback. Starts a local
// mirror of four government sites (real Pingtan pages, the seed as a Liangping page, real Huai'an
// PDF reports), runs `gongkai run` into a fresh database, and prints what it loaded side by side.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openDatabase } from "../load/index.ts";
import { renderRunSummary, runPipeline } from "../run/index.ts";
import { COLOR, PLAIN, renderTable } from "../cli/render.ts";
import { renderSites, startMirror } from "./mirror.ts";

const DEMO = "data/demo";
const OUT = "data/demo-run";
const SITES = ["pingtan", "liangping", "huaian-hongze", "huaian"];

interface WideRow {
  agency: string | null;
  region_text: string | null;
  region_code: string | null;
  year: number | null;
  template: string;
  status: string;
  shape: string | null;
  new_total: number | null;
  total_total: number | null;
  granted: number | null;
  review_total: number | null;
  failing: number;
}

export function renderComparison(rows: readonly WideRow[], color: boolean): string {
  const style = color ? COLOR : PLAIN;
  const fmt = (v: number | null) => (v === null ? "·" : String(v));
  const body = rows.map((r) => [
    r.agency ?? "?",
    r.region_code ?? r.region_text ?? "?",
    String(r.year ?? "?"),
    r.template,
    r.shape ?? "",
    r.status,
    fmt(r.new_total),
    fmt(r.granted),
    fmt(r.total_total),
    fmt(r.review_total),
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
    style,
    (ri, ci) => ci === 5 && rows[ri]!.status !== "ok",
  );
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
            ` ${d.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, `[${d.siteId}]`)}`,
        ),
    });
    console.log(`\n${renderRunSummary(summary)}\n`);
    const data = openDatabase(db);
    const rows = data
      .prepare(`
      SELECT r.agency, r.region_text, r.region_code, r.year, r.template, r.status, r.shape,
        (SELECT value FROM facts f WHERE f.report_id = r.id AND f.key = 'requests.new.total') AS new_total,
        (SELECT value FROM facts f WHERE f.report_id = r.id AND f.key = 'requests.granted.total') AS granted,
        (SELECT value FROM facts f WHERE f.report_id = r.id AND f.key = 'requests.total.total') AS total_total,
        (SELECT value FROM facts f WHERE f.report_id = r.id AND f.key = 'appeals.review.total') AS review_total,
        (SELECT COUNT(*) FROM checks c WHERE c.report_id = r.id AND c.hard = 1 AND c.ok = 0) AS failing
      FROM reports r WHERE r.current = 1 ORDER BY r.agency, r.year`)
      .all() as WideRow[];
    data.close();
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
