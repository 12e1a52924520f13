// Crash consistency: SIGKILL `gongkai run` at random moments, rerun each time, and
// compare the final dataset with an uninterrupted run's. Shared by npm test (few kill points)
// and the soak (many).
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { renderSites, startMirror, type RunningMirror } from "../../demo/mirror.ts";
import { rng } from "./_mutants.ts";
import { ROOT } from "../helpers.ts";

const SITES = ["pingtan", "liangping", "huaian-hongze", "huaian"];

export interface CrashEnv {
  dir: string;
  mirror: RunningMirror;
  sites: string;
  close(): Promise<void>;
}

export async function crashEnv(): Promise<CrashEnv> {
  const dir = await mkdtemp(join(tmpdir(), "gongkai-crash-"));
  await cp(join(ROOT, "data/demo/mirror"), join(dir, "mirror"), { recursive: true });
  const mirror = await startMirror(SITES.map((id) => ({ id, dir: join(dir, "mirror", id) })));
  const sites = join(dir, "sites.json");
  await writeFile(
    sites,
    renderSites(await readFile(join(ROOT, "data/demo/sites.template.json"), "utf8"), mirror.origins),
  );
  return {
    dir,
    mirror,
    sites,
    close: async () => {
      await mirror.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Start `gongkai run` in its own process; resolve with its exit code, or "killed" after `killAfterMs`. */
export function runChild(
  env: CrashEnv,
  name: string,
  killAfterMs?: number,
): Promise<{ code: number | null; killed: boolean; ms: number }> {
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "bin/gongkai.js"),
      "run",
      "--sites",
      env.sites,
      "--db",
      join(env.dir, name, "gongkai.db"),
      "--raw",
      join(env.dir, name, "raw"),
      "--year",
      "2024",
      "--jitter-ms",
      "0",
      "--quiet",
    ],
    { stdio: "ignore" },
  );
  let killed = false;
  const timer =
    killAfterMs === undefined
      ? undefined
      : setTimeout(() => {
          killed = child.kill("SIGKILL");
        }, killAfterMs);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, killed: killed && code === null, ms: Date.now() - t0 });
    }),
  );
}

export interface Snapshot {
  facts: string[];
  reports: number;
  duplicateVersions: number;
  documents: number;
  loadErrors: number;
}

/** What a user's export holds, minus the ids and timestamps that differ between two runs. */
export function snapshot(dbFile: string): Snapshot {
  const db = new Database(dbFile, { readonly: true });
  try {
    const facts = (
      db
        .prepare(
          `SELECT r.agency, r.year, r.template, r.status, f.key, f.value, f.raw, f.flagged FROM current_facts f JOIN reports r ON r.id = f.report_id ORDER BY r.agency, r.year, f.key`,
        )
        .all() as Record<string, unknown>[]
    ).map((r) => JSON.stringify(r));
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      facts,
      reports: one(`SELECT COUNT(*) AS n FROM reports WHERE current = 1`),
      duplicateVersions: one(
        `SELECT COUNT(*) AS n FROM (SELECT report_key FROM reports GROUP BY report_key HAVING COUNT(*) > 1)`,
      ),
      documents: one(`SELECT COUNT(*) AS n FROM documents`),
      loadErrors: one(`SELECT COUNT(*) AS n FROM load_errors`),
    };
  } finally {
    db.close();
  }
}

export interface KillChain {
  kills: number;
  killPointsMs: number[];
  finalCode: number | null;
  reruns: number;
}

/** Kill `kills` runs at random points in [100 ms, 1.2 × reference time], then run to completion. */
export async function killChain(
  env: CrashEnv,
  name: string,
  kills: number,
  referenceMs: number,
  seed: number,
): Promise<KillChain> {
  const r = rng(seed);
  const points: number[] = [];
  let done = 0;
  let reruns = 0;
  while (done < kills) {
    const at = Math.round(100 + r() * referenceMs * 1.1);
    const res = await runChild(env, name, at);
    reruns++;
    if (res.killed) {
      points.push(at);
      done++;
    } else if (res.code === 0) {
      // The run finished before the kill: start over on a fresh database so that every kill lands mid-run.
      await rm(join(env.dir, name), { recursive: true, force: true });
    } else throw new Error(`gongkai run exited ${res.code} during the kill chain`);
  }
  const last = await runChild(env, name);
  return { kills: done, killPointsMs: points, finalCode: last.code, reruns };
}
