// Reading (export, compare, series, coverage) never needs write access (a read-only file, a read-only
// folder); a damaged file or one from a newer gongkai is refused with a clear message and exit 1.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
  closeSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, gongkai } from "../cli-helpers.ts";
import { ROOT } from "../helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-ro-"));
const source = join(dir, "source.db");
afterAll(() => {
  chmodSync(join(dir, "ro"), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI as a user without write access: root ignores file modes, so it runs as nobody. */
function asReader(args: string[]) {
  const root = process.getuid?.() === 0;
  return spawnSync(process.execPath, [join(ROOT, "bin", "gongkai.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
    ...(root ? { uid: 65534, gid: 65534 } : {}),
  });
}

const READS: string[][] = [
  ["export", "--format", "csv"],
  ["compare", "--year", "2021", "--metric", "requests.new.total"],
  ["series", "--agency", "梁平区人民政府"],
  ["coverage", "--year", "2021", "--province", "重庆市"],
];

beforeAll(() => {
  ensureBuilt();
  chmodSync(dir, 0o755); // nobody must reach the files
  const r = gongkai(["load", "test/fixtures/corpus/seed.txt", "--db", source, "--quiet"]);
  expect(r.status, r.stderr).toBe(0);
});

describe("read-only datasets", () => {
  it("export, compare, series and coverage read a dataset in a folder nobody may write, left in WAL mode", () => {
    const ro = join(dir, "ro");
    mkdirSync(ro);
    const db = join(ro, "gongkai.db");
    copyFileSync(source, db);
    // The file is in WAL mode and has no -shm beside it: a plain read-only open would have to create one.
    const h = new BetterSqlite3(db);
    expect(h.pragma("journal_mode", { simple: true })).toBe("wal");
    h.close();
    rmSync(`${db}-shm`, { force: true });
    rmSync(`${db}-wal`, { force: true });
    chmodSync(db, 0o444);
    chmodSync(ro, 0o555);
    for (const args of READS) {
      const r = asReader([...args, "--db", db]);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain("梁平区");
    }
    expect(existsSync(`${db}-shm`)).toBe(false);
  });

  it("export, compare, series and coverage read a read-only file in a writable folder", () => {
    const rw = join(dir, "rw");
    mkdirSync(rw);
    chmodSync(rw, 0o777);
    const db = join(rw, "file-ro.db");
    copyFileSync(source, db);
    chmodSync(db, 0o444);
    for (const args of READS) {
      const r = asReader([...args, "--db", db]);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain("梁平区");
    }
    expect(statSync(db).mode & 0o777).toBe(0o444);
  });
});

describe("damaged and future datasets", () => {
  it("export refuses a database with overwritten pages: exit 1, names the file", () => {
    const db = join(dir, "corrupt.db");
    copyFileSync(source, db);
    const size = statSync(db).size;
    const fd = openSync(db, "r+");
    // Overwrite three pages in the second half of the file (an index or a table's leaves), as in the review.
    const page = 4096;
    const junk = Buffer.alloc(page * 3, 0x5a);
    writeSync(fd, junk, 0, junk.length, Math.floor(size / page / 2) * page);
    closeSync(fd);
    const r = gongkai(["export", "--format", "csv", "--db", db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^gongkai export: CORRUPT .*corrupt\.db: /);
  });

  it("export and compare refuse a file that is not a database: exit 1, names the file", () => {
    const db = join(dir, "junk.db");
    const fd = openSync(db, "w");
    writeSync(fd, Buffer.alloc(8192, 0x42));
    closeSync(fd);
    for (const args of [READS[0]!, READS[1]!]) {
      const r = gongkai([...args, "--db", db]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/CORRUPT .*junk\.db: not a readable SQLite database/);
    }
  });

  it("export, compare and series refuse a dataset from a newer schema version: exit 1", () => {
    const db = join(dir, "future.db");
    copyFileSync(source, db);
    const h = new BetterSqlite3(db);
    h.pragma("user_version = 99");
    h.close();
    for (const args of READS) {
      const r = gongkai([...args, "--db", db]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/SCHEMA_TOO_NEW .*future\.db: schema version 99 is newer than this gongkai/);
      expect(r.stdout).toBe("");
    }
  });
});
