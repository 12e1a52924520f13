// The writers' lock (src/ingest/lock.ts): held by the kernel for as long as the holder's process
// lives, so a dead holder (even one not yet reaped) never blocks the next run, and `gongkai load`
// refuses to write (exit 75) while `gongkai run` holds it, without disturbing that run.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireLock, LockError } from "../../src/ingest/index.ts";
import { openDatabase } from "../../src/load/index.ts";
import { ensureBuilt, gongkai } from "../cli-helpers.ts";
import { fixturePath, ROOT } from "../helpers.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-lock-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const until = async (ok: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The state letter of /proc/<pid>/stat: R, S, Z (zombie: exited, not yet reaped), … */
const procState = (pid: number): string | null => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0] ?? null;
  } catch {
    return null;
  }
};

describe("acquireLock", () => {
  it("refuses a second holder while the first holds it, and is free again once released", async () => {
    const file = join(dir, "a.lock");
    const held = await acquireLock(file, { command: "first" });
    const refused = await acquireLock(file).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LockError);
    expect((refused as LockError).owner).toMatchObject({ pid: process.pid, host: hostname(), command: "first" });
    expect((refused as LockError).message).toContain(`pid ${process.pid}`);
    await held.release();
    const again = await acquireLock(file);
    expect(again.tookOver).toBeNull();
    await again.release();
  });

  it("reports the record of a holder that died without releasing", async () => {
    const file = join(dir, "b.lock");
    const dead = { pid: 999_999_999, host: hostname(), startedAt: "2026-12-01T02:00:00.000Z", command: "gongkai run" };
    writeFileSync(`${file}.owner`, JSON.stringify(dead));
    const held = await acquireLock(file);
    expect(held.tookOver).toEqual(dead);
    await held.release();
    expect(existsSync(`${file}.owner`)).toBe(false);
  });

  it("replaces a lock file of gongkai 0.1 (a JSON record) unless its holder still runs here", async () => {
    const file = join(dir, "c.lock");
    const live = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: "old run" };
    writeFileSync(file, JSON.stringify(live));
    await expect(acquireLock(file)).rejects.toMatchObject({ code: "LOCKED" });
    writeFileSync(file, JSON.stringify({ ...live, pid: 999_999_999 }));
    const held = await acquireLock(file);
    expect(held.tookOver?.pid).toBe(999_999_999);
    await held.release();
  });

  it("is free once its holder has exited, even while that process is an unreaped zombie", async () => {
    const file = join(dir, "zombie.lock");
    // The holder takes the lock as acquireLock does, writes its record, and exits when told to (the
    // interval uses db so that the connection, and with it the lock, is not collected before).
    const holder = `
      import Database from "better-sqlite3";
      import { existsSync, writeFileSync } from "node:fs";
      const db = new Database(${JSON.stringify(file)});
      db.exec("BEGIN EXCLUSIVE");
      writeFileSync(${JSON.stringify(`${file}.owner`)}, JSON.stringify({ pid: process.pid, host: ${JSON.stringify(hostname())}, startedAt: new Date().toISOString(), command: "holder" }));
      const t = setInterval(() => { if (db.inTransaction && existsSync(${JSON.stringify(`${file}.go`)})) { clearInterval(t); process.exit(0); } }, 20);`;
    // sh starts the holder in the background, then becomes `sleep`, which never reaps it: once the
    // holder exits it stays a zombie whose pid still answers kill(pid, 0).
    const sh = spawn("sh", ["-c", `"$0" --input-type=module -e "$1" & exec sleep 60`, process.execPath, holder], {
      cwd: ROOT,
      stdio: "ignore",
    });
    try {
      await until(() => existsSync(`${file}.owner`), "the holder's record");
      const pid = (JSON.parse(readFileSync(`${file}.owner`, "utf8")) as { pid: number }).pid;
      await expect(acquireLock(file)).rejects.toMatchObject({ code: "LOCKED", owner: { pid } });
      writeFileSync(`${file}.go`, "");
      await until(() => procState(pid) === "Z", `pid ${pid} to become a zombie`);
      expect(() => process.kill(pid, 0)).not.toThrow(); // a pid check would call it alive
      // The leader thread shows Z as soon as it exits; node's other threads, which share its open
      // files, may take a few more milliseconds: wait briefly for the kernel to drop the lock.
      const held = await acquireLock(file, { waitMs: 5000 });
      expect(held.tookOver?.pid).toBe(pid);
      await held.release();
    } finally {
      sh.kill("SIGKILL");
    }
  });
});

describe("gongkai load while gongkai run holds the lock", () => {
  const db = () => join(dir, "shared.db");

  it("exits 75 with one line naming the holder, and leaves the holder's lock and writes alone", async () => {
    ensureBuilt();
    // This process stands in for `gongkai run`: it holds the lock as runPipeline does and writes.
    const held = await acquireLock(`${db()}.lock`, { command: "gongkai run" });
    const writer = openDatabase(db());
    try {
      const r = gongkai(["load", fixturePath("load/seed.txt"), "--db", db(), "--quiet"]);
      expect(r.status).toBe(75);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`LOCKED .*shared\\.db\\.lock: another run \\(pid ${process.pid} on `));
      // Still ours: another taker is refused, and the dataset is writable by us.
      await expect(acquireLock(`${db()}.lock`)).rejects.toBeInstanceOf(LockError);
      writer.prepare("INSERT INTO load_runs (started_at, parser_version) VALUES ('2026-12-06T00:00:00Z', 'x')").run();
      expect(writer.prepare("SELECT count(*) FROM reports").pluck().get()).toBe(0);
    } finally {
      writer.close();
      await held.release();
    }
  });

  it("with --wait, waits for the holder to finish and then loads", async () => {
    ensureBuilt();
    const held = await acquireLock(`${db()}.lock`);
    const child = spawn(
      process.execPath,
      [join(ROOT, "bin/gongkai.js"), "load", fixturePath("load/seed.txt"), "--db", db(), "--wait", "20", "--quiet"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await new Promise((r) => setTimeout(r, 700));
    expect(child.exitCode).toBeNull(); // still waiting
    await held.release();
    expect(await exited).toBe(0);
    expect(out).toContain("1 files: 1 new");
  });
});
