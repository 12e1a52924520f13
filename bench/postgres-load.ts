// PostgreSQL load throughput: the same synthetic reports through loadBatch into a PostgreSQL
// dataset (a fresh schema), against PostgreSQL's own bulk path — `COPY … FROM STDIN` (psql) of
// exactly the rows the loader wrote to the many-rows tables (fact_cells, checks, flags, narratives)
// into bare tables of the same columns and primary keys — and against loadBatch into SQLite, all in
// this run. The loader pays what COPY does not: a round trip per statement through the synchronous
// bridge, documents, reports, renditions, key look-ups and the writers' lock.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type BatchItem, loadBatch, openDatabase } from "../src/load/index.ts";
import type { ParseResult } from "../src/parse/index.ts";
import type { BenchSection } from "./index.ts";
import { planSyntheticReport } from "./synthetic.ts";

const REPORTS = 2_000;
const BATCH = 100;
const SERVER = process.env.GONGKAI_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCHEMA = "gk_bench_load";
const TABLES = ["fact_cells", "checks", "flags", "narratives"] as const;

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const report = (i: number) => planSyntheticReport(i, { parserVersion: "bench" });
const item = (i: number, r: ParseResult): BatchItem => ({
  doc: { sha256: createHash("sha256").update(String(i)).digest("hex"), path: r.source.path },
  result: r,
  validate: false,
});

function psql(sql: string, input?: string): string {
  return execFileSync("psql", [SERVER, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], {
    input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
}

function loadInto(url: string, reports: ParseResult[]): number {
  const db = openDatabase(url);
  const t0 = performance.now();
  for (let k = 0; k < reports.length; k += BATCH)
    loadBatch(
      db,
      reports.slice(k, k + BATCH).map((r, j) => item(k + j, r)),
    );
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

export async function bench(): Promise<BenchSection> {
  const startLoad = loadavg()[0] ?? 0;
  const reports = Array.from({ length: REPORTS }, (_, i) => report(i));
  const facts = reports.reduce((s, r) => s + Object.keys(r.facts).length, 0);
  psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_bare CASCADE`);
  const dir = mkdtempSync(join(tmpdir(), "gongkai-bench-pg-"));
  try {
    const pgMs = loadInto(`${SERVER}?schema=${SCHEMA}`, reports);
    const sqliteMs = loadInto(join(dir, "loader.db"), reports);
    // The rows the loader wrote, as COPY text, then COPY'd into bare tables of the same shape.
    psql(`CREATE SCHEMA ${SCHEMA}_bare`);
    const rows: Record<string, number> = {};
    let copyMs = 0;
    for (const t of TABLES) {
      const data = psql(`COPY ${SCHEMA}.${t} TO STDOUT`);
      rows[t] = data ? data.split("\n").length - 1 : 0;
      writeFileSync(join(dir, `${t}.copy`), data);
      psql(`CREATE TABLE ${SCHEMA}_bare.${t} (LIKE ${SCHEMA}.${t} INCLUDING DEFAULTS INCLUDING INDEXES)`);
      const t0 = performance.now();
      psql(`COPY ${SCHEMA}_bare.${t} FROM STDIN`, data);
      copyMs += performance.now() - t0;
    }
    const pgRate = facts / (pgMs / 1000);
    const copyRate = facts / (copyMs / 1000);
    const sqliteRate = facts / (sqliteMs / 1000);
    const endLoad = loadavg()[0] ?? 0;
    return {
      title: "load: PostgreSQL",
      markdown: `${fmt(REPORTS)} synthetic reports (${fmt(facts)} facts; the loader also wrote ${fmt(rows.checks ?? 0)} check, ${fmt(rows.flags ?? 0)} flag and ${fmt(rows.narratives ?? 0)} narrative rows), ${BATCH} reports per loadBatch, PostgreSQL 15 on 127.0.0.1 (Debian defaults).

| | time | facts/s | vs COPY |
|---|---:|---:|---:|
| loadBatch → PostgreSQL (a fresh schema) | ${fmt(pgMs)} ms | ${fmt(pgRate)} | ${(pgMs / copyMs).toFixed(1)}× the time |
| baseline: \`COPY … FROM STDIN\` (psql) of the same ${TABLES.join(", ")} rows into bare tables with the same primary keys | ${fmt(copyMs)} ms | ${fmt(copyRate)} | 1 |
| loadBatch → SQLite (same reports, same run) | ${fmt(sqliteMs)} ms | ${fmt(sqliteRate)} | ${(sqliteMs / copyMs).toFixed(1)}× |

- COPY writes the rows only; the loader also finds or creates documents, agencies and reports, decides versions and renditions, looks up key ids, takes the writers' lock per batch, and pays a loopback round trip per statement through the synchronous bridge (src/db/pg/_bridge.ts). COPY's time includes starting psql once per table.
- 1-minute load average: ${startLoad.toFixed(1)} at the start, ${endLoad.toFixed(1)} at the end, on ${cpus().length} cores shared with other jobs.`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_bare CASCADE`);
  }
}
