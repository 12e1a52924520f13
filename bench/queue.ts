// `npm run bench queue`: the national crawl-and-load shared by 1, 2 and 4 `gongkai worker` processes over
// the same synthetic sites (virtual hosts serving the seed report, bench/_vhosts.ts), into a fresh
// PostgreSQL dataset each. Throughput against one worker, and the hosts' own request log checked against
// the delay (violations must be 0).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase } from "../src/load/index.ts";
import type { BenchSection } from "./index.ts";
import { checkPoliteness, columnStart, startVhostServer, vhostName } from "./_vhosts.ts";

const PG_URL = process.env.GONGKAI_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const HOSTS = 240;
const DELAY_MS = 500;
const SHAPE = { lists: 1, perList: 2, pdfEvery: 0 }; // robots, a list, 2 seed reports: 4 requests a host
const PER_WORKER = 8; // sites a worker crawls at once, so one worker is bound by it and more workers help
const WORKERS = [1, 2, 4];

/** The CLI as built into dist-tools/ by `npm run bench` (bin/gongkai.js wants dist/). */
const CLI = new URL("../src/cli/main.js", import.meta.url).href;

/**
 * Runs the CLI through a one-line entry file, not `node -e`: `--input-type=module` would be inherited by the
 * PostgreSQL bridge's worker thread (src/db/pg/_bridge.ts), whose CommonJS source would then not run.
 */
function gongkai(dir: string, args: string[]): Promise<number | null> {
  const entry = join(dir, "gongkai.mjs");
  writeFileSync(
    entry,
    `const { main } = await import(${JSON.stringify(CLI)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  const child = spawn(process.execPath, [entry, ...args], { stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((resolve) => child.on("exit", (c) => resolve(c)));
}

async function dropSchemas(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  for (const s of [schema, `${schema}_crawl`, `${schema}_boss`]) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await c.end();
}

interface Row {
  workers: number;
  wallMs: number;
  requests: number;
  reports: number;
  violations: number;
  minGapMs: number;
}

export async function bench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(os.tmpdir(), "gongkai-bench-queue-"));
  const srv = await startVhostServer({ shape: SHAPE, latencyMs: 20, reports: "seed" });
  const load0 = os.loadavg()[0]!;
  const rows: Row[] = [];
  try {
    const sites = Array.from({ length: HOSTS }, (_, i) => ({
      id: `b${i}`,
      name: vhostName(i),
      start: columnStart(vhostName(i), srv.port),
      verified: "fixture",
      allowPrivateAddresses: true, // the virtual hosts resolve to 127.0.0.1
      delayMs: DELAY_MS,
    }));
    const registry = join(dir, "sites.json");
    writeFileSync(registry, JSON.stringify(sites));
    for (const w of WORKERS) {
      const schema = `gk_bench_queue_${w}`;
      const url = `${PG_URL}?schema=${schema}`;
      await dropSchemas(schema);
      if ((await gongkai(dir, ["enqueue", "--db", url, "--sites", registry])) !== 0) throw new Error("enqueue failed");
      srv.log.length = 0;
      const t0 = performance.now();
      const codes = await Promise.all(
        Array.from({ length: w }, () =>
          gongkai(dir, [
            "worker",
            "--db",
            url,
            "--raw",
            join(dir, `raw-${w}`),
            "--concurrency",
            String(PER_WORKER),
            "--until-idle",
            "--jitter-ms",
            "0",
            "--poll-s",
            "0.5",
            "--resolve",
            "*.bench.test=127.0.0.1",
            "--quiet",
          ]),
        ),
      );
      const wallMs = performance.now() - t0;
      if (codes.some((c) => c !== 0)) throw new Error(`a worker failed (exit ${codes.join(", ")})`);
      const p = checkPoliteness(srv.log, DELAY_MS);
      const db = openDatabase(url, { readonly: true });
      const reports = (db.prepare("SELECT COUNT(*) AS n FROM reports").get() as { n: number }).n;
      db.close();
      rows.push({
        workers: w,
        wallMs,
        requests: p.requests,
        reports,
        violations: p.violations.length,
        minGapMs: p.minGapMs,
      });
      await dropSchemas(schema);
    }
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const load1 = os.loadavg()[0]!;
  const base = rows[0]!;
  const rate = (r: Row) => r.reports / (r.wallMs / 1000);
  const table = rows
    .map(
      (r) =>
        `| ${r.workers} | ${r.requests.toLocaleString("en")} | ${r.reports} | ${(r.wallMs / 1000).toFixed(1)} s | ${rate(r).toFixed(1)} | ${(rate(r) / rate(base)).toFixed(2)}× | ${r.violations} (min gap ${(r.minGapMs / 1000).toFixed(2)} s) |`,
    )
    .join("\n");
  return {
    title: "queue: workers sharing the national crawl",
    markdown: `${HOSTS} name-based virtual hosts (bench/_vhosts.ts, 20 ms think time) each serving robots.txt, one list page and 2 report pages that are the seed 2021 report under an agency of their own (4 requests a host, ${DELAY_MS} ms per-host delay, no jitter). \`gongkai enqueue\` into a fresh PostgreSQL dataset, then N \`gongkai worker --concurrency ${PER_WORKER} --until-idle\` processes (one site per job: crawl into the shared frontier under the host gate, then parse and load); wall time from the workers' start to the last one's exit, which includes each worker's start (about 1 s) and the final idle check.

| workers | requests | reports loaded | wall | reports/s | vs 1 worker | politeness violations |
|---:|---:|---:|---:|---:|---:|---|
${table}

- Politeness: ${rows.map((r) => r.violations).join(", ")} violations (must be 0); the log is the server's, checked per host against the delay.
- One worker is bound by its ${PER_WORKER} sites at a time (each site ≥ 3 gaps of ${DELAY_MS} ms); more workers add sites in flight until the 2 cores (parsing, the synchronous PostgreSQL bridge, and the one dataset writers' lock) bind.
- 1-minute load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end, on ${os.cpus().length} cores shared with other jobs.`,
  };
}
