// A load killed with SIGKILL mid-batch leaves a consistent database; the rerun finishes with no
// duplicates and no lost rows, and the tables hash the same as an uninterrupted load.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { planSyntheticReport } from "../../bench/synthetic.ts";
import { ingestFiles } from "../../src/ingest/index.ts";
import { openDatabase, type Database } from "../../src/load/index.ts";
import { sqliteOf } from "../../src/db/index.ts";

const N = 400;
const dir = mkdtempSync(join(tmpdir(), "gongkai-kill-"));
const docs = join(dir, "docs");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // The child runs the built CLI; `npm test` builds first, a bare `vitest run` may not have.
  if (!existsSync("dist/cli/main.js") || !existsSync("dist/load/index.js")) {
    try {
      execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "ignore" });
    } catch {
      /* tsc emits despite others' type errors; checked below */
    }
  }
  expect(existsSync("dist/load/index.js")).toBe(true);
  mkdirSync(docs);
  for (let i = 0; i < N; i++) {
    writeFileSync(
      join(docs, `${String(i).padStart(4, "0")}.parse.json`),
      JSON.stringify(planSyntheticReport(i, { parserVersion: "kill-test" })),
    );
  }
});

/** Everything a load decides, without ids' timing-dependent neighbours (load times, run rows). */
function checksum(db: Database): string {
  const h = createHash("sha256");
  const queries = [
    `SELECT r.report_key, r.version, r.current, r.reason, r.agency, r.region_code, r.year, r.template, r.status, d.sha256, d.path
       FROM reports r JOIN documents d ON d.id = r.document_id ORDER BY r.report_key, r.version`,
    `SELECT r.report_key, r.version, f.key, f.value, f.raw, f.flagged FROM facts f JOIN reports r ON r.id = f.report_id ORDER BY 1, 2, 3`,
    `SELECT r.report_key, c.seq, c.check_id, c.ok FROM checks c JOIN reports r ON r.id = c.report_id ORDER BY 1, 2`,
    `SELECT r.report_key, n.section, n.body FROM narratives n JOIN reports r ON r.id = n.report_id ORDER BY 1, 2`,
    `SELECT sha256, path, media_type FROM documents ORDER BY sha256`,
  ];
  for (const q of queries) for (const row of db.prepare(q).raw().iterate()) h.update(JSON.stringify(row));
  return h.digest("hex");
}

async function countWhileRunning(file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  try {
    const db = openDatabase(file, { readonly: true });
    try {
      return db.prepare("SELECT count(*) FROM reports").pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not migrated yet: the child is still creating the schema
  }
}

it("recovers from a load killed with SIGKILL mid-batch", async () => {
  const ref = openDatabase(join(dir, "ref.db"));
  await ingestFiles(ref, [docs]);
  const expected = checksum(ref);
  expect(ref.prepare("SELECT count(*) FROM facts").pluck().get()).toBeGreaterThan(N * 150);
  ref.close();

  const killed = join(dir, "killed.db");
  const child = spawn(process.execPath, ["bin/gongkai.js", "load", docs, "--db", killed, "--quiet"], {
    stdio: "ignore",
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  let seen = 0;
  const deadline = Date.now() + 30_000;
  while (seen < N / 8 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
    seen = await countWhileRunning(killed);
  }
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");

  const db = openDatabase(killed);
  const loaded = db.prepare("SELECT count(*) FROM reports").pluck().get() as number;
  expect(loaded).toBeGreaterThan(0);
  expect(loaded).toBeLessThan(N); // killed mid-batch, not after it
  expect(sqliteOf(db)!.pragma("integrity_check", { simple: true })).toBe("ok");
  // Every report that is there is whole: no report without its facts.
  expect(
    db
      .prepare("SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.report_id = r.id)")
      .pluck()
      .get(),
  ).toBe(0);
  db.close();

  const rerun = spawnSync(process.execPath, ["bin/gongkai.js", "load", docs, "--db", killed, "--quiet"], {
    encoding: "utf8",
  });
  expect(rerun.status).toBe(0);
  expect(rerun.stdout).toMatch(
    new RegExp(`${N - loaded} new, 0 changed, 0 reparsed, 0 renditions, ${loaded} unchanged, 0 failed`),
  );

  const after = openDatabase(killed);
  expect(
    after
      .prepare("SELECT count(*) FROM (SELECT report_key FROM reports GROUP BY report_key HAVING count(*) > 1)")
      .pluck()
      .get(),
  ).toBe(0);
  expect(after.prepare("SELECT count(*) FROM reports").pluck().get()).toBe(N);
  expect(checksum(after)).toBe(expected);
  after.close();
});
