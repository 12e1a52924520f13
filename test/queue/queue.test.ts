// The queue end to end: `gongkai enqueue`, then three `gongkai worker` processes over 300 virtual hosts,
// give the same facts as one `gongkai run` (its pipeline) into SQLite on the same hosts; the hosts' own
// request log shows no host asked twice within its delay or twice at once. And a worker killed with
// SIGKILL mid-job: its jobs expire, another worker resumes them, and the facts are the same again.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  benchLookup,
  checkPoliteness,
  seedAgency,
  startVhostServer,
  type VhostServer,
  vhostName,
} from "../../bench/_vhosts.ts";
import { runPipeline } from "../../src/ingest/index.ts";
import { openDatabase } from "../../src/load/index.ts";
import { ROOT } from "../helpers.ts";
import {
  dropDataset,
  ensureWorkerBuilt,
  factDifferences,
  killWorkers,
  type FactRow,
  newDataset,
  queryFacts,
  queryVersions,
  startWorker,
  tmp,
  writeRegistry,
} from "./_helpers.ts";

const HOSTS = 300;
const DELAY_MS = 200;
/** About 24 s and 11 s alone; the whole suite runs beside them on the same cores. */
const SLOW = 180_000;

let srv: VhostServer;
let dir: string;
let registry: string;
let reference: FactRow[];
const made: string[] = [];

/** Requests to one host that overlap: a request arriving before the previous one was answered. */
function inFlightTwice(log: { at: number; host: string }[], latencyMs: number): number {
  const last = new Map<string, number>();
  let n = 0;
  for (const e of [...log].sort((a, b) => a.at - b.at)) {
    const prev = last.get(e.host);
    if (prev !== undefined && e.at - prev < latencyMs) n++;
    last.set(e.host, e.at);
  }
  return n;
}

function enqueue(url: string, extra: string[] = []): void {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "bin", "gongkai.js"), "enqueue", "--db", url, "--sites", registry, "--retry-delay-s", "1", ...extra],
    { cwd: ROOT, encoding: "utf8" },
  );
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

beforeAll(async () => {
  ensureWorkerBuilt();
  srv = await startVhostServer({ shape: { lists: 1, perList: 1, pdfEvery: 0 }, latencyMs: 20, reports: "seed" });
  dir = tmp();
  registry = writeRegistry(dir, srv.port, HOSTS, DELAY_MS);
  // The reference: one process, the nightly pipeline, into SQLite.
  const db = join(dir, "ref.db");
  const s = await runPipeline({
    sites: registry,
    db,
    raw: join(dir, "raw-ref"),
    crawl: { lookup: benchLookup, jitterMs: 0, concurrency: 100 },
  });
  expect(s.ok).toBe(true);
  const ref = openDatabase(db, { readonly: true });
  reference = queryFacts(ref);
  ref.close();
  srv.log.length = 0;
}, SLOW);

afterAll(async () => {
  killWorkers();
  await srv?.close();
  for (const s of made) await dropDataset(s);
});

describe("gongkai enqueue + gongkai worker", () => {
  it(
    "3 workers over 300 hosts: the same facts as one run, every host polite across workers",
    async () => {
      expect(reference.length).toBeGreaterThan(HOSTS * 100); // every host's report loaded, with its tables
      const { url, schema } = newDataset();
      made.push(schema);
      enqueue(url, ["--expire-s", "60"]);
      enqueue(url, ["--expire-s", "60"]); // twice: nothing queued twice
      const raw = join(dir, "raw-q");
      const workers = [0, 1, 2].map(() => startWorker(url, raw, ["--concurrency", "12", "--quiet"]));
      const codes = await Promise.all(workers.map((w) => w.exit));
      expect(codes, workers.map((w) => w.stderr()).join("\n")).toEqual([0, 0, 0]);

      const p = checkPoliteness(srv.log, DELAY_MS);
      expect(p.hosts).toBe(HOSTS);
      expect(p.requests).toBe(HOSTS * 3); // robots, the list, the report: each once
      expect(p.violations).toEqual([]);
      expect(inFlightTwice(srv.log, 20)).toBe(0);

      const db = openDatabase(url, { readonly: true });
      try {
        const facts = queryFacts(db);
        expect(factDifferences(facts, reference)).toEqual({ missing: [], extra: [] });
        expect(facts.length).toBe(reference.length);
        const v = queryVersions(db);
        expect(v.twiceFromOneDocument).toEqual([]);
        expect(v.versions).toBe(v.keys);
      } finally {
        db.close();
      }
      srv.log.length = 0;
    },
    SLOW,
  );

  it(
    "a worker killed mid-job: its jobs are retried by another, the facts are the same, no duplicate version",
    async () => {
      // 30 of the sites, so the test stays short; the reference is their part of the one run.
      const ids = Array.from({ length: 30 }, (_, i) => i * 10);
      const agencies = ids.map((i) => seedAgency(vhostName(i), 0));
      const expected = reference.filter((r) => agencies.some((a) => r.report_key.includes(a)));
      expect(new Set(expected.map((r) => r.report_key)).size).toBe(ids.length);
      const { url, schema } = newDataset();
      made.push(schema);
      enqueue(url, ["--expire-s", "4", ...ids.flatMap((i) => ["--site", `q${i}`])]);
      const raw = join(dir, "raw-kill");
      const victim = startWorker(url, raw, ["--concurrency", "6"]);
      // Mid-job: once it has started a few sites and is crawling them.
      const t0 = Date.now();
      while (!/start q\d+[\s\S]*start q\d+/.test(victim.stderr()) && Date.now() - t0 < 20_000)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 400));
      victim.child.kill("SIGKILL");
      await victim.exit;
      const survivors = [0, 1].map(() => startWorker(url, raw, ["--concurrency", "6"]));
      const codes = await Promise.all(survivors.map((w) => w.exit));
      expect(codes, survivors.map((w) => w.stderr()).join("\n")).toEqual([0, 0]);
      // Some job was started by the victim and finished by a survivor.
      const victimStarted = [...victim.stderr().matchAll(/start (q\d+)/g)].map((m) => m[1]!);
      const victimDone = new Set([...victim.stderr().matchAll(/done (q\d+)/g)].map((m) => m[1]!));
      const retried = victimStarted.filter((s) => !victimDone.has(s));
      expect(retried.length).toBeGreaterThan(0);
      const after = survivors.map((w) => w.stderr()).join("\n");
      for (const s of retried) expect(after).toMatch(new RegExp(`done ${s} `));

      // The killed worker's requests and its successors' to the same hosts: still one at a time, still apart.
      expect(checkPoliteness(srv.log, DELAY_MS).violations).toEqual([]);
      expect(inFlightTwice(srv.log, 20)).toBe(0);
      const db = openDatabase(url, { readonly: true });
      try {
        const facts = queryFacts(db);
        expect(factDifferences(facts, expected)).toEqual({ missing: [], extra: [] });
        expect(facts.length).toBe(expected.length);
        const v = queryVersions(db);
        expect(v.twiceFromOneDocument).toEqual([]);
        expect(v.versions).toBe(v.keys);
      } finally {
        db.close();
      }
    },
    SLOW,
  );
});
