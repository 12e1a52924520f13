// Web view speed: every page of `gongkai serve` rendered on a dataset of 10,000 synthetic reports
// (2,000 agencies × 5 years), timed in-process as the server times it (the Server-Timing value:
// query + HTML or XLSX, no network), against the bare SQL query behind the page in the same run.
// Target: ≤ 200 ms per page. Median and worst of 15 renders after 2 warm-ups; the page and its
// baseline alternate, so load from other jobs on the machine hits both alike.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "../src/db/index.ts";
import { type BatchItem, loadBatch, openDatabase } from "../src/load/index.ts";
import { HEADLINE_METRICS, searchNarratives } from "../src/query/index.ts";
import { planSyntheticReport } from "./synthetic.ts";
import { COMPARE_SQL, queryMetricValues } from "../src/query/compare-view.ts";
import { COVERAGE_SQL } from "../src/query/coverage-view.ts";
import { querySeriesCells } from "../src/query/series-view.ts";
import { serverLinker } from "../src/web/links.ts";
import { respond } from "../src/web/routes.ts";
import type { BenchSection } from "./index.ts";

const REPORTS = 10_000;
const RUNS = 15;
const TARGET_MS = 200;
/** Agency 0 of the synthetic generator: five reports, 2019–2023. */
const AGENCY = "重庆市梁平区第0人民政府";

interface Case {
  page: string;
  url: string;
  /** The query the page is built on, run bare (no labels, flags, ranking or HTML). */
  bare: (db: Database) => unknown;
}

const compareBare =
  (year: number, metric: string, prefix = "") =>
  (db: Database) =>
    db.prepare(COMPARE_SQL).all({ year, metric, prefix });

const CASES: Case[] = [
  {
    page: "Compare (one year, one metric, all agencies)",
    url: "/compare?year=2021&metric=requests.new.total",
    bare: compareBare(2021, "requests.new.total"),
  },
  {
    page: "Compare, metric by Chinese label (redirect)",
    url: `/compare?year=2021&metric=${encodeURIComponent("本年新收")}`,
    bare: compareBare(2021, "requests.new.total"),
  },
  {
    page: "Compare, rate + region + agency type",
    url: "/compare?year=2021&metric=requests.granted.total&per=requests.new.total&region=500000&type=department",
    bare: (db) => [
      compareBare(2021, "requests.granted.total", "50")(db),
      compareBare(2021, "requests.new.total", "50")(db),
    ],
  },
  {
    page: "Compare, requests.other (2021 sub-rows bridged)",
    url: "/compare?year=2022&metric=requests.other.total",
    bare: (db) => queryMetricValues(db, 2022, "requests.other.total", ""),
  },
  {
    page: "Compare as XLSX",
    url: "/compare.xlsx?year=2021&metric=requests.new.total",
    bare: compareBare(2021, "requests.new.total"),
  },
  {
    page: "Series (one agency, headline metrics)",
    url: `/series?agency=${encodeURIComponent(AGENCY)}`,
    bare: (db) => querySeriesCells(db, "r.agency = ?", [AGENCY], HEADLINE_METRICS),
  },
  {
    page: "Series (a region, one metric, a line per agency)",
    url: "/series?region=500155&metric=requests.new.total",
    bare: (db) => querySeriesCells(db, "r.region_code LIKE ? || '%'", ["500155"], ["requests.new.total"]),
  },
  {
    page: "Report",
    url: "/report/5000",
    bare: (db) => db.prepare("SELECT * FROM facts WHERE report_id = ?").all(5000),
  },
  {
    page: "Coverage",
    url: "/coverage?year=2021",
    bare: (db) => db.prepare(COVERAGE_SQL).all({ year: 2021 }),
  },
  {
    page: "Search (3+ characters: FTS)",
    url: `/search?q=${encodeURIComponent("政府网站建设")}`,
    bare: (db) => searchNarratives(db, "政府网站建设", { limit: 200 }),
  },
  { page: "Metrics (dictionary)", url: "/metrics", bare: (db) => db.prepare("SELECT * FROM metrics").all() },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function bench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-bench-web-"));
  try {
    const file = join(dir, "gongkai.db");
    const w = openDatabase(file);
    for (let start = 0; start < REPORTS; start += 100) {
      const items: BatchItem[] = Array.from({ length: 100 }, (_, k) => {
        const r = planSyntheticReport(start + k);
        return {
          doc: {
            sha256: createHash("sha256")
              .update(String(start + k))
              .digest("hex"),
            path: r.source.path,
          },
          result: r,
          validate: false,
        };
      });
      loadBatch(w, items);
    }
    w.close();
    const db = openDatabase(file, { readonly: true });
    const ctx = { db, link: serverLinker("http://127.0.0.1:8080") };
    const load = loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
    const rows: string[] = [];
    let worst = 0;
    for (const c of CASES) {
      const page: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        let t0 = performance.now();
        const r = await respond(ctx, c.url);
        if (r.status >= 400) throw new Error(`bench web: ${c.url} → ${r.status}`);
        const tp = performance.now() - t0;
        t0 = performance.now();
        c.bare(db);
        const tb = performance.now() - t0;
        if (i >= 2) {
          page.push(tp);
          bare.push(tb);
        }
      }
      const m = median(page);
      const mx = Math.max(...page);
      worst = Math.max(worst, mx);
      const b = median(bare);
      rows.push(
        `| ${c.page} | ${m.toFixed(1)} | ${mx.toFixed(1)} | ${b.toFixed(1)} | ${(m / Math.max(b, 0.01)).toFixed(1)}× | ${m <= TARGET_MS ? "yes" : "**no**"} | ${mx <= TARGET_MS ? "yes" : "no"} |`,
      );
    }
    db.close();
    const loadEnd = loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
    return {
      title: "Web view",
      markdown: `Every page of \`gongkai serve\` on ${REPORTS.toLocaleString("en")} synthetic reports (2,000 agencies × 2019–2023), rendered in-process as the server does (query + HTML or XLSX; the Server-Timing value), ${RUNS} renders after 2 warm-ups. Baseline: the bare SQL query behind the page (the same statements the page runs, without labels, flags, ranking or HTML), run alternately in the same loop. Load average (1, 5, 15 min) at start: ${load}; at end: ${loadEnd} (${cpus().length} cores; other jobs share the machine).

| page | median ms | worst ms | bare SQL median ms | page ÷ SQL | median ≤ ${TARGET_MS} ms | worst ≤ ${TARGET_MS} ms |
|---|---:|---:|---:|---:|:---:|:---:|
${rows.join("\n")}

Worst single render: ${worst.toFixed(1)} ms (target ${TARGET_MS} ms).`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
