// Load throughput: 10,000 synthetic reports (generated from the formats data, identities holding)
// through loadParsed, against a bare prepared-statement insert loop of the same fact rows and
// against Debian's `sqlite-utils insert` of the same rows, all in this run. Memory is sampled as
// the load goes, to show it stays flat in the number of reports.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { loadParsed, openDatabase, planSyntheticReport } from "../load/index.ts";
import { SCHEMA_SQL } from "../load/migrations/001-schema.ts";
import { type ParseResult, ParseResultSchema } from "../parse/index.ts";
import type { BenchSection } from "./index.ts";

/** Reports per run and per transaction (LOAD.md §6: about 100 reports per transaction). */
const REPORTS = 10_000;
const BATCH = 100;
const RSS_AT = new Set([1_000, 2_500, 5_000, 10_000]);
/** sqlite-utils is Python and about 10× slower: it gets the first 2,000 of the same reports, to keep the bench near 2 minutes. */
const SQLITE_UTILS_REPORTS = 2_000;

type FactTuple = [number, string, number | null, string | null, number | null, string | null, string | null, string | null, number];

function factTuples(reportId: number, r: ParseResult): FactTuple[] {
  return Object.entries(r.facts).map(([key, value]) => {
    const c = r.cells[key];
    return [reportId, key, value, c?.raw ?? null, c?.confidence ?? null, c?.method ?? null, c?.locator ?? null, c?.unit ?? null, 0];
  });
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString("en-US");

function benchLoader(dir: string) {
  const db = openDatabase(join(dir, "loader.db"));
  const rss: string[] = [];
  let ms = 0;
  let facts = 0;
  for (let start = 0; start < REPORTS; start += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, k) => planSyntheticReport(start + k, { parserVersion: "bench" }));
    const t0 = performance.now();
    db.transaction(() => {
      // validate: false as for parseDocument results in-process (zod's cost is measured apart).
      batch.forEach((r, k) => { loadParsed(db, { sha256: createHash("sha256").update(String(start + k)).digest("hex"), path: r.source.path }, r, { validate: false }); });
    })();
    ms += performance.now() - t0;
    facts += batch.reduce((s, r) => s + Object.keys(r.facts).length, 0);
    if (RSS_AT.has(start + BATCH)) rss.push(`${fmt(start + BATCH)}: ${mb(process.memoryUsage().rss)}`);
  }
  // Re-loading identical data: every report is a no-op.
  const again = 2_000;
  const rs = Array.from({ length: again }, (_, i) => planSyntheticReport(i, { parserVersion: "bench" }));
  const t1 = performance.now();
  db.transaction(() => rs.forEach((r, i) => loadParsed(db, { sha256: createHash("sha256").update(String(i)).digest("hex"), path: r.source.path }, r, { validate: false })))();
  const reloadMs = performance.now() - t1;
  // The zod check that JSON input (`*.parse.json`) gets before loading.
  const t2 = performance.now();
  for (const r of rs) ParseResultSchema.safeParse(r);
  const zodMs = (performance.now() - t2) / again;
  const reloadFacts = rs.reduce((s, r) => s + Object.keys(r.facts).length, 0);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const bytes = statSync(join(dir, "loader.db")).size;
  return { ms, facts, rss, reloadRate: rate(reloadFacts, reloadMs), bytes, zodMs };
}

/** The same fact rows into the same `facts` DDL, one prepared INSERT, same batch size, nothing else. */
function benchBare(dir: string) {
  const db = new BetterSqlite3(join(dir, "bare.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(SCHEMA_SQL);
  db.pragma("foreign_keys = OFF");
  const insert = db.prepare("INSERT INTO facts (report_id, key, value, raw, confidence, method, locator, unit, flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  let ms = 0;
  let facts = 0;
  for (let start = 0; start < REPORTS; start += BATCH) {
    const rows = Array.from({ length: BATCH }, (_, k) => factTuples(start + k + 1, planSyntheticReport(start + k, { parserVersion: "bench" }))).flat();
    const t0 = performance.now();
    db.transaction(() => { for (const row of rows) insert.run(...row); })();
    ms += performance.now() - t0;
    facts += rows.length;
  }
  db.close();
  return { ms, facts };
}

/** Debian's sqlite-utils (Python) inserting the same rows from NDJSON into the same table. */
async function benchSqliteUtils(dir: string): Promise<{ ms: number; facts: number; version: string } | string> {
  if (spawnSync("sqlite-utils", ["--version"]).status !== 0) {
    try {
      execFileSync("apt-get", ["install", "-y", "-qq", "sqlite-utils"], { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    } catch {
      return "not measured (sqlite-utils not installed and `apt-get install sqlite-utils` failed)";
    }
  }
  const version = spawnSync("sqlite-utils", ["--version"], { encoding: "utf8" }).stdout.trim();
  const file = join(dir, "facts.ndjson");
  const out = createWriteStream(file);
  let facts = 0;
  const cols = ["report_id", "key", "value", "raw", "confidence", "method", "locator", "unit", "flagged"] as const;
  for (let i = 0; i < SQLITE_UTILS_REPORTS; i++) {
    let chunk = "";
    for (const t of factTuples(i + 1, planSyntheticReport(i, { parserVersion: "bench" }))) {
      chunk += JSON.stringify(Object.fromEntries(cols.map((c, k) => [c, t[k]]))) + "\n";
      facts++;
    }
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  const dbFile = join(dir, "sqlite-utils.db");
  const db = new BetterSqlite3(dbFile);
  db.pragma("journal_mode = WAL");
  db.exec(SCHEMA_SQL);
  db.close();
  const t0 = performance.now();
  const r = spawnSync("sqlite-utils", ["insert", dbFile, "facts", file, "--nl"], { encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) return `not measured (sqlite-utils failed: ${r.stderr.split("\n").filter(Boolean).pop() ?? r.status})`;
  return { ms, facts, version };
}

export async function bench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-bench-load-"));
  try {
    const loader = benchLoader(dir);
    const bare = benchBare(dir);
    const su = await benchSqliteUtils(dir);
    const loaderRate = rate(loader.facts, loader.ms);
    const bareRate = rate(bare.facts, bare.ms);
    const rows = [
      `| loadParsed (document, report, facts, checks, FTS5 trigram narratives, version lookup) | ${fmt(loaderRate)} | ${(loader.ms / 1000).toFixed(1)} s | 1.00 |`,
      `| bare prepared INSERT loop of the same fact rows into the same \`facts\` DDL | ${fmt(bareRate)} | ${(bare.ms / 1000).toFixed(1)} s | ${(bareRate / loaderRate).toFixed(2)} |`,
      typeof su === "string" ? `| sqlite-utils insert --nl | ${su} | | |`
        : `| \`sqlite-utils insert --nl\` (${su.version}), same rows (first ${fmt(SQLITE_UTILS_REPORTS)} reports) and table | ${fmt(rate(su.facts, su.ms))} | ${(su.ms / 1000).toFixed(1)} s | ${(rate(su.facts, su.ms) / loaderRate).toFixed(2)} |`,
    ];
    const within = loader.ms / bare.ms;
    return {
      title: "load",
      markdown: [
        `${fmt(REPORTS)} synthetic reports (2019 and 2021 formats, identities holding), ${fmt(loader.facts)} facts, ${BATCH} reports per transaction, WAL + synchronous NORMAL, file on local disk. Generation time excluded.`,
        "",
        "| Loader | Facts/s | Time | vs loadParsed |",
        "|---|---|---|---|",
        ...rows,
        "",
        `- loadParsed takes ${within.toFixed(2)}× the bare loop's time (target ≤ 2×); target ≥ 200,000 facts/s: ${loaderRate >= 200_000 ? "met" : "NOT met"}.`,
        `- Validating a result with the zod schema (done for \`*.parse.json\` input only): ${loader.zodMs.toFixed(2)} ms per report.`,
        `- Re-loading 2,000 identical reports (all no-ops): ${fmt(loader.reloadRate)} facts/s.`,
        `- RSS during the load, by reports loaded: ${loader.rss.join(", ")}; peak RSS of the bench process ${mb(process.resourceUsage().maxRSS * 1024)}.`,
        `- 1-minute load average at the end: ${loadavg()[0]?.toFixed(1)} on this machine (other jobs running slow both loaders alike; the ratio is the stable number).`,
        `- Database file: ${mb(loader.bytes)}, ${Math.round(loader.bytes / loader.facts)} bytes per fact (all tables, indexes and the trigram index).`,
      ].join("\n"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
