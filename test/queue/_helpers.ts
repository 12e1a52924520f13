// Queue tests: a PostgreSQL dataset per test (schema gk_test_q_<pid>_<n>, with its _crawl and _boss
// schemas), the virtual hosts of bench/_vhosts.ts serving parseable reports, and workers run as real
// processes of the built CLI.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { columnStart, vhostName } from "../../bench/_vhosts.ts";
import type { Database } from "../../src/db/index.ts";
import { ensureBuilt } from "../cli-helpers.ts";
import { ROOT } from "../helpers.ts";

export const TEST_PG_URL = process.env.GONGKAI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

let schemas = 0;
/** A new dataset's URL and its schema name. */
export function newDataset(): { url: string; schema: string } {
  const schema = `gk_test_q_${process.pid}_${++schemas}`;
  return { url: `${TEST_PG_URL}?schema=${schema}`, schema };
}

/** Drops a dataset's schema and the crawl and queue schemas beside it. */
export async function dropDataset(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    for (const s of [schema, `${schema}_crawl`, `${schema}_boss`])
      await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), "gongkai-queue-"));
}

/** A registry file of `hosts` virtual-host sites (ids q0…), each with its own delay. */
export function writeRegistry(dir: string, port: number, hosts: number, delayMs: number): string {
  const sites = Array.from({ length: hosts }, (_, i) => ({
    id: `q${i}`,
    name: vhostName(i),
    start: columnStart(vhostName(i), port),
    verified: "fixture",
    allowPrivateAddresses: true, // the virtual hosts resolve to 127.0.0.1
    delayMs,
  }));
  const file = join(dir, "sites.json");
  writeFileSync(file, JSON.stringify(sites));
  return file;
}

export function ensureWorkerBuilt(): void {
  if (!existsSync(join(ROOT, "dist", "cli", "worker.js"))) {
    // dist/ predates the queue: build it again (npm test builds before the tests anyway).
    ensureBuilt();
    if (!existsSync(join(ROOT, "dist", "cli", "worker.js")))
      throw new Error("dist/cli/worker.js missing: npm run build");
  }
}

export interface Worker {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<number | null>;
}

const started: ChildProcess[] = [];

/** Kills the workers still running (a test that failed or timed out), so none outlives its schema. */
export function killWorkers(): void {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}

/** A `gongkai worker` process on the dataset, resolving the virtual hosts to 127.0.0.1. */
export function startWorker(url: string, raw: string, extra: string[] = []): Worker {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "bin", "gongkai.js"),
      "worker",
      "--db",
      url,
      "--raw",
      raw,
      "--until-idle",
      "--jitter-ms",
      "0",
      "--resolve",
      "*.bench.test=127.0.0.1",
      "--poll-s",
      "0.5",
      "--maintenance-s",
      "1",
      ...extra,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  started.push(child);
  let err = "";
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  child.stdout?.resume();
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stderr: () => err, exit };
}

export interface FactRow {
  report_key: string;
  key: string;
  value: number | null;
}

/** Every current fact with its report's identity, in one order for both backends. */
export function queryFacts(db: Database): FactRow[] {
  return db
    .prepare(
      `SELECT r.report_key, f.key, f.value FROM current_facts f JOIN reports r ON r.id = f.report_id
       ORDER BY r.report_key, f.key`,
    )
    .all() as FactRow[];
}

/** Reports (any version) per key, and any report_key that has two versions from one document. */
export function queryVersions(db: Database): { versions: number; keys: number; twiceFromOneDocument: unknown[] } {
  const versions = (db.prepare("SELECT COUNT(*) AS n FROM reports").get() as { n: number }).n;
  const keys = (db.prepare("SELECT COUNT(DISTINCT report_key) AS n FROM reports").get() as { n: number }).n;
  const twiceFromOneDocument = db
    .prepare("SELECT report_key, document_id FROM reports GROUP BY report_key, document_id HAVING COUNT(*) > 1")
    .all();
  return { versions, keys, twiceFromOneDocument };
}

/** Facts in one list and not the other, at most `max` of each (a deep equal of 40,000 rows would print them all). */
export function factDifferences(
  actual: FactRow[],
  expected: FactRow[],
  max = 10,
): { missing: string[]; extra: string[] } {
  const line = (r: FactRow) => `${r.report_key} ${r.key}=${r.value}`;
  const a = new Set(actual.map(line));
  const e = new Set(expected.map(line));
  return {
    missing: [...e].filter((l) => !a.has(l)).slice(0, max),
    extra: [...a].filter((l) => !e.has(l)).slice(0, max),
  };
}
