// kill -9 mid-crawl, then resume: nothing finished is fetched again, and the final fetched set equals a
// clean run's. Spawns `node bin/gongkai.js crawl`, so it needs dist/ (`npm test` builds first; in
// development run `npm run build`).
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "./_server.ts";
import { tmp } from "./_helpers.ts";

const ROOT = join(import.meta.dirname, "../..");
let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
  srv.latencyMs = 25;
});
afterAll(async () => {
  await srv.close();
});

function registry(dir: string): string {
  const o = srv.origin();
  const sites = [
    { id: "trs", name: "trs", start: `${o}/trs/zfxxgknb/`, verified: "fixture", allowPrivateAddresses: true },
    {
      id: "hanweb",
      name: "hanweb",
      start: `${o}/hanweb/col/col123/index.html`,
      verified: "fixture",
      allowPrivateAddresses: true,
    },
    {
      id: "pingtan",
      name: "pingtan",
      start: `${o}/pingtan/zwgk/zfxxgk/zfxxgknb/`,
      verified: "fixture",
      allowPrivateAddresses: true,
    },
    {
      id: "json",
      name: "json",
      start: `${o}/json/`,
      verified: "fixture",
      allowPrivateAddresses: true,
      listApi: { url: `${o}/json/api?page={page}`, total: "total", pageSize: 2 },
    },
  ];
  const file = join(dir, "sites.json");
  writeFileSync(file, JSON.stringify(sites));
  return file;
}

function crawl(dir: string, sites: string) {
  return spawn(
    process.execPath,
    [
      join(ROOT, "bin/gongkai.js"),
      "crawl",
      "--sites",
      sites,
      "--db",
      join(dir, "crawl.db"),
      "--raw",
      join(dir, "raw"),
      "--delay-ms",
      "0",
      "--jitter-ms",
      "0",
      "--quiet",
      "--json",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
}

function finish(child: ReturnType<typeof crawl>): Promise<number | null> {
  return new Promise((r) => child.on("exit", (code) => r(code)));
}

function count(dbFile: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM documents").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  } // not created yet
}

function outcome(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (
      db.prepare("SELECT key, state, class FROM frontier WHERE run_id = 1 ORDER BY key").all() as {
        key: string;
        state: string;
        class: string;
      }[]
    ).map((r) => `${r.key} ${r.state} ${r.class}`);
  } finally {
    db.close();
  }
}

it("resumes after SIGKILL without refetching what finished", async () => {
  const clean = tmp();
  expect(await finish(crawl(clean, registry(clean)))).toBe(0);
  const cleanSet = outcome(join(clean, "crawl.db"));
  expect(cleanSet.length).toBeGreaterThan(30);

  const dir = tmp();
  const sites = registry(dir);
  const db = join(dir, "crawl.db");
  const child = crawl(dir, sites);
  const exited = finish(child);
  while (count(db) < 12) await new Promise((r) => setTimeout(r, 10));
  child.kill("SIGKILL");
  expect(await exited).toBe(null);

  const snap = new Database(db, { readonly: true });
  const finished = (
    snap
      .prepare("SELECT url FROM frontier WHERE state IN ('done','failed','blocked','skipped') AND method = 'GET'")
      .all() as { url: string }[]
  ).map((r) => new URL(r.url).pathname + new URL(r.url).search);
  const runs = (snap.prepare("SELECT COUNT(*) AS n FROM runs WHERE finished_at IS NULL").get() as { n: number }).n;
  snap.close();
  expect(finished.length).toBeGreaterThanOrEqual(11);
  expect(runs).toBe(1);

  const mark = srv.log.length;
  expect(await finish(crawl(dir, sites))).toBe(0);
  const refetched = srv.log
    .slice(mark)
    .map((l) => l.path)
    .filter((p) => finished.includes(p));
  expect(refetched).toEqual([]);
  expect(srv.log.slice(mark).some((l) => l.path === "/robots.txt")).toBe(false);
  expect(outcome(db)).toEqual(cleanSet);
});
