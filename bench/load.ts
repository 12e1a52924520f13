// Load throughput: 10,000 synthetic reports (generated from the formats data, identities holding)
// through loadBatch, against a bare prepared-statement insert loop of the same fact rows and
// against Debian's `sqlite-utils insert` of the same rows, all in this run. The loader and the bare
// loops take turns, 1,000 reports each, so other jobs on the machine slow them alike. Memory is
// measured in a child process that runs the loader alone, to show it stays flat in the number of
// reports.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { type Database as Dataset, sqliteOf } from "../src/db/index.ts";
import { type BatchItem, loadBatch, openDatabase } from "../src/load/index.ts";
import { planSyntheticReport } from "./synthetic.ts";
import { SCHEMA_SQL } from "../src/load/migrations/001-schema.ts";
import { FACT_KEYS_SQL, MOVE_FACTS_SQL } from "../src/load/migrations/003-fact-cells.ts";
import { syncFactKeys } from "../src/load/migrations/index.ts";
import { type ParseResult, ParseResultSchema } from "../src/parse/index.ts";
import type { BenchSection } from "./index.ts";

/** Reports per run and per transaction (docs/load.md, "Batches": about 100 reports per transaction). */
const REPORTS = 10_000;
const BATCH = 100;
/** Reports each side loads before the other takes its turn. */
const TURN = 1_000;
const MARKS = [1_000, 5_000, 10_000];
/** sqlite-utils is Python and about 10× slower: it gets the first 2,000 of the same reports, to keep the bench near 2 minutes. */
const SQLITE_UTILS_REPORTS = 2_000;

/** A fact row: report id, key (its `fact_keys.id`, or its text for the old `facts` table), value, raw, confidence, method, locator, unit, flagged. */
type FactTuple = [
  number,
  number | string,
  number | null,
  string | null,
  number | null,
  string | null,
  string | null,
  string | null,
  number,
];

/** `keyIds` null: the key's text (the migration-1 `facts` table). */
function factTuples(reportId: number, r: ParseResult, keyIds: ReadonlyMap<string, number> | null): FactTuple[] {
  return Object.entries(r.facts).map(([key, value]) => {
    const c = r.cells[key];
    const k = keyIds ? keyIds.get(key) : key;
    if (k === undefined) throw new Error(`bench load: no fact_keys id for ${key}`);
    return [
      reportId,
      k,
      value,
      c?.raw ?? null,
      c?.confidence ?? null,
      c?.method ?? null,
      c?.locator ?? null,
      c?.unit ?? null,
      0,
    ];
  });
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString("en-US");
const factCount = (rs: readonly ParseResult[]) => rs.reduce((s, r) => s + Object.keys(r.facts).length, 0);
const report = (i: number) => planSyntheticReport(i, { parserVersion: "bench" });
const item = (i: number, r: ParseResult): BatchItem => ({
  doc: { sha256: createHash("sha256").update(String(i)).digest("hex"), path: r.source.path },
  result: r,
  validate: false,
});

interface Side {
  ms: number;
  facts: number;
  at: Map<number, { ms: number; facts: number }>;
}
const side = (): Side => ({ ms: 0, facts: 0, at: new Map() });

/** loadBatch, 100 reports per call; validate: false as for parseDocument results in-process (zod's cost is measured apart). */
function loaderTurn(db: Dataset, from: number, to: number, s: Side): void {
  for (let start = from; start < to; start += BATCH) {
    const rs = Array.from({ length: BATCH }, (_, k) => report(start + k));
    const items = rs.map((r, k) => item(start + k, r));
    const t0 = performance.now();
    loadBatch(db, items);
    s.ms += performance.now() - t0;
    s.facts += factCount(rs);
  }
}

/** The dataset's tables as migrations 1 and 3 leave them (fact cells in `fact_cells`, keyed by `fact_keys` ids); `old`: migration 1's only, with the `facts` table. */
function createFactTables(db: Database, old = false): void {
  db.exec(SCHEMA_SQL);
  if (old) return;
  db.exec(FACT_KEYS_SQL);
  syncFactKeys(db);
  db.exec(MOVE_FACTS_SQL);
}

/**
 * The baseline: the same fact rows into the same `fact_cells` DDL, one prepared single-row INSERT,
 * 100 reports per transaction, the loader's pragmas (WAL, synchronous NORMAL, 64 MiB cache, WAL
 * checkpoints, temporary files in memory), and nothing else: no foreign key, document, report,
 * check or narrative rows, and key ids looked up and rows put in primary-key order before the
 * clock starts (the loader does both in its time).
 */
function openBare(file: string, old = false): Database {
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -65536");
  db.pragma("wal_autocheckpoint = 16384");
  db.pragma("temp_store = MEMORY");
  createFactTables(db, old);
  db.pragma("foreign_keys = OFF");
  return db;
}

const keyIdsOf = (db: Database) =>
  new Map(db.prepare("SELECT key, id FROM fact_keys").raw().all() as [string, number][]);

const FACT_COLUMNS = "(report_id, key_id, value, raw, confidence, method, locator, unit, flagged)";
const OLD_FACT_COLUMNS = "(report_id, key, value, raw, confidence, method, locator, unit, flagged)";
const TUPLE = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
/** Rows per statement of the multi-row baseline: as the loader binds them. */
const MULTI = 64;

/** `multi`: 64 rows per INSERT statement (the loader's own trick), else one row per statement. `old`: into migration 1's `facts` table. */
function bareTurn(db: Database, from: number, to: number, s: Side, multi: boolean, old = false): void {
  const insert = old
    ? `INSERT INTO facts ${OLD_FACT_COLUMNS} VALUES `
    : `INSERT INTO fact_cells ${FACT_COLUMNS} VALUES `;
  const keyIds = old ? null : keyIdsOf(db);
  const one = db.prepare(insert + TUPLE);
  const many = db.prepare(insert + Array(MULTI).fill(TUPLE).join(", "));
  const write = db.transaction((chunks: unknown[][], rest: FactTuple[]) => {
    for (const c of chunks) many.run(c);
    for (const row of rest) one.run(row);
  });
  for (let start = from; start < to; start += BATCH) {
    const rows = Array.from({ length: BATCH }, (_, k) => factTuples(start + k + 1, report(start + k), keyIds)).flat();
    // In primary-key order within each report, as the loader inserts them.
    if (!old) rows.sort((a, b) => a[0] - b[0] || (a[1] as number) - (b[1] as number));
    // Bind arrays are built before the clock starts, as the single-row loop's tuples are.
    const whole = multi ? rows.length - (rows.length % MULTI) : 0;
    const chunks = Array.from({ length: whole / MULTI }, (_, c) => rows.slice(c * MULTI, (c + 1) * MULTI).flat());
    const rest = rows.slice(whole);
    const t0 = performance.now();
    write(chunks, rest);
    s.ms += performance.now() - t0;
    s.facts += rows.length;
  }
}

function benchTurns(dir: string) {
  const db = openDatabase(join(dir, "loader.db"));
  const bareDb = openBare(join(dir, "bare.db"));
  const multiDb = openBare(join(dir, "bare-multi.db"));
  const plainDb = openBare(join(dir, "bare-old.db"), true);
  const loader = side();
  const bare = side();
  const bareMulti = side();
  const barePlain = side();
  const mark = (s: Side, to: number) => {
    if (MARKS.includes(to)) s.at.set(to, { ms: s.ms, facts: s.facts });
  };
  for (let from = 0; from < REPORTS; from += TURN) {
    const to = Math.min(REPORTS, from + TURN);
    loaderTurn(db, from, to, loader);
    mark(loader, to);
    bareTurn(bareDb, from, to, bare, false);
    mark(bare, to);
    bareTurn(multiDb, from, to, bareMulti, true);
    mark(bareMulti, to);
    bareTurn(plainDb, from, to, barePlain, false, true);
    mark(barePlain, to);
  }
  for (const d of [bareDb, multiDb, plainDb]) d.close();
  // Re-loading identical data: every report is a no-op.
  const again = 2_000;
  const rs = Array.from({ length: again }, (_, i) => report(i));
  const items = rs.map((r, i) => item(i, r));
  const t1 = performance.now();
  for (let k = 0; k < again; k += BATCH) loadBatch(db, items.slice(k, k + BATCH));
  const reloadMs = performance.now() - t1;
  // The zod check that JSON input (`*.parse.json`) gets before loading.
  const t2 = performance.now();
  for (const r of rs) ParseResultSchema.safeParse(r);
  const zodMs = (performance.now() - t2) / again;
  sqliteOf(db)?.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const bytes = statSync(join(dir, "loader.db")).size;
  return { loader, bare, bareMulti, barePlain, reloadRate: rate(factCount(rs), reloadMs), bytes, zodMs };
}

/** Run in a child process by benchMemory: the loader alone, RSS after each mark, then the peak. Prints JSON. */
export function measureLoaderMemory(file: string): void {
  const db = openDatabase(file);
  const rss: number[] = [];
  for (let start = 0; start < REPORTS; start += BATCH) {
    loadBatch(
      db,
      Array.from({ length: BATCH }, (_, k) => item(start + k, report(start + k))),
    );
    if (MARKS.includes(start + BATCH)) rss.push(process.memoryUsage().rss);
  }
  db.close();
  process.stdout.write(JSON.stringify({ rss, peak: process.resourceUsage().maxRSS * 1024 }));
}

function benchMemory(dir: string): { rss: number[]; peak: number } {
  const code = `import { measureLoaderMemory } from ${JSON.stringify(import.meta.url)}; measureLoaderMemory(${JSON.stringify(join(dir, "memory.db"))});`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", maxBuffer: 2 ** 20 });
  if (r.status !== 0)
    throw new Error(`bench load: memory child failed: ${r.stderr.split("\n").filter(Boolean).pop() ?? r.status}`);
  return JSON.parse(r.stdout) as { rss: number[]; peak: number };
}

/** Debian's sqlite-utils (Python) inserting the same rows from NDJSON into the same table (`fact_cells`). */
async function benchSqliteUtils(dir: string): Promise<{ ms: number; facts: number; version: string } | string> {
  if (spawnSync("sqlite-utils", ["--version"]).status !== 0) {
    try {
      execFileSync("apt-get", ["install", "-y", "-qq", "sqlite-utils"], {
        stdio: "ignore",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
    } catch {
      return "not measured (sqlite-utils not installed and `apt-get install sqlite-utils` failed)";
    }
  }
  const version = spawnSync("sqlite-utils", ["--version"], { encoding: "utf8" }).stdout.trim();
  const file = join(dir, "facts.ndjson");
  const out = createWriteStream(file);
  let facts = 0;
  const dbFile = join(dir, "sqlite-utils.db");
  const db = new BetterSqlite3(dbFile);
  db.pragma("journal_mode = WAL");
  createFactTables(db);
  const keyIds = keyIdsOf(db);
  db.close();
  const cols = ["report_id", "key_id", "value", "raw", "confidence", "method", "locator", "unit", "flagged"] as const;
  for (let i = 0; i < SQLITE_UTILS_REPORTS; i++) {
    let chunk = "";
    for (const t of factTuples(i + 1, report(i), keyIds)) {
      chunk += `${JSON.stringify(Object.fromEntries(cols.map((c, k) => [c, t[k]])))}\n`;
      facts++;
    }
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  const t0 = performance.now();
  const r = spawnSync("sqlite-utils", ["insert", dbFile, "fact_cells", file, "--nl"], { encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    return `not measured (sqlite-utils failed: ${r.stderr.split("\n").filter(Boolean).pop() ?? r.status})`;
  return { ms, facts, version };
}

const verdict = (met: boolean) => (met ? "**met**" : "**NOT met**");

export async function bench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-bench-load-"));
  try {
    const startLoad = loadavg()[0] ?? 0;
    const { loader, bare, bareMulti, barePlain, reloadRate, bytes, zodMs } = benchTurns(dir);
    const memory = benchMemory(dir);
    const su = await benchSqliteUtils(dir);
    const loaderRate = rate(loader.facts, loader.ms);
    const bareRate = rate(bare.facts, bare.ms);
    const multiRate = rate(bareMulti.facts, bareMulti.ms);
    const within = loader.ms / bare.ms;
    const rssAt = memory.rss;
    // The page cache (64 MiB) fills during the first ~2,000 reports; after that, memory that grows
    // with the reports would be a leak. Flat: under 16 MiB more for the second 5,000 reports.
    const rssGrowth = (rssAt[2] ?? 0) - (rssAt[1] ?? 0);
    const flat = rssGrowth < 16 * 2 ** 20;
    const byMark = (s: Side) =>
      MARKS.map((n) => {
        const m = s.at.get(n);
        return m ? fmt(rate(m.facts, m.ms)) : "–";
      }).join(" | ");
    const suRate = typeof su === "string" ? null : rate(su.facts, su.ms);
    return {
      title: "load",
      markdown: [
        `${fmt(REPORTS)} synthetic reports (2019 and 2021 formats, identities holding), ${fmt(loader.facts)} facts, ${BATCH} reports per transaction, WAL + synchronous NORMAL, 64 MiB cache, checkpoint every 64 MiB of WAL, temporary files in memory, file on local disk. Generation time excluded. The loader and the bare loops take turns (${fmt(TURN)} reports each) in one process, so other jobs slow them alike.`,
        "",
        `| Loader | Facts/s at ${MARKS.map(fmt).join(" | ")} reports | Time | vs loader |`,
        `|---|${MARKS.map(() => "---|").join("")}---|---|`,
        `| \`loadBatch\`: document, agency, report version, fact cells (key ids looked up), checks, FTS5 trigram narratives, each report in a savepoint | ${byMark(loader)} | ${(loader.ms / 1000).toFixed(1)} s | 1.00 |`,
        `| bare loop (the baseline): one prepared single-row \`INSERT\` of the same fact rows into the same \`fact_cells\` DDL in the same order (key ids looked up and rows sorted before the clock), no foreign key, same batches and pragmas | ${byMark(bare)} | ${(bare.ms / 1000).toFixed(1)} s | ${(bareRate / loaderRate).toFixed(2)} |`,
        `| bare multi-row loop: the same, ${MULTI} rows per \`INSERT\` as the loader binds them | ${byMark(bareMulti)} | ${(bareMulti.ms / 1000).toFixed(1)} s | ${(multiRate / loaderRate).toFixed(2)} |`,
        suRate === null
          ? `| sqlite-utils insert --nl | ${su as string} |${MARKS.slice(1)
              .map(() => " |")
              .join("")} | |`
          : `| \`sqlite-utils insert --nl\` (${(su as { version: string }).version}), the same rows of the first ${fmt(SQLITE_UTILS_REPORTS)} reports, same table | ${fmt(suRate)} |${MARKS.slice(
              1,
            )
              .map(() => " – |")
              .join("")} ${((su as { ms: number }).ms / 1000).toFixed(1)} s | ${(suRate / loaderRate).toFixed(2)} |`,
        "",
        `- Target ≥ 200,000 facts/s: ${verdict(loaderRate >= 200_000)} (${fmt(loaderRate)} facts/s over all ${fmt(REPORTS)} reports).`,
        `- Target within 2× of the bare loop: ${verdict(within <= 2)} (the loader takes ${within.toFixed(2)}× the bare loop's time; ${(loader.ms / bareMulti.ms).toFixed(2)}× the multi-row loop's).`,
        `- Fact cells are stored in \`fact_cells\`, keyed by (report id, integer key id); \`facts\` is a view joining them to \`fact_keys\` (migration 3). The same single-row loop into migration 1's \`facts\` table (TEXT key in a WITHOUT ROWID primary key, three VIRTUAL generated columns computed on every INSERT) runs at ${fmt(rate(barePlain.facts, barePlain.ms))} facts/s (${(barePlain.ms / bare.ms).toFixed(2)}× the time of the loop into \`fact_cells\`).`,
        `- Target memory flat in the number of reports: ${verdict(flat)} (${mb(rssGrowth)} more from 5,000 to 10,000 reports). RSS of a process running the loader alone, after ${MARKS.map((n, i) => `${fmt(n)} reports ${mb(rssAt[i] ?? 0)}`).join(", ")}; its peak RSS ${mb(memory.peak)}.`,
        `- Validating a result with the zod schema (done for \`*.parse.json\` input only): ${zodMs.toFixed(2)} ms per report.`,
        `- Re-loading 2,000 identical reports (all no-ops): ${fmt(reloadRate)} facts/s.`,
        `- 1-minute load average: ${startLoad.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end, on ${cpus().length} cores shared with other jobs: absolute rates move with it; the ratio is the stable number.`,
        `- Database file: ${mb(bytes)}, ${Math.round(bytes / loader.facts)} bytes per fact (all tables, indexes and the trigram index).`,
      ].join("\n"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
