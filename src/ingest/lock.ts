// One writer at a time: `gongkai run` and `gongkai load` take the same lock beside the dataset.
//
// The lock is a small SQLite file held with BEGIN EXCLUSIVE on a connection kept open. SQLite holds
// it with a POSIX advisory lock, which the kernel drops when the holder's process ends however it
// ends (kill -9, crash, a zombie not yet reaped): a dead run never blocks the next one, and no pid
// has to be guessed alive or dead. Who holds it (pid, host, start, command) is kept in a JSON file
// beside it, `<lock>.owner`, only to say so in the message; finding that record when the lock is
// free means the previous holder died without releasing.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

export class LockError extends Error {
  override readonly name = "LockError";
  constructor(
    readonly code: "LOCKED",
    readonly file: string,
    readonly owner: LockOwner | null,
    msg: string,
  ) {
    super(`${code} ${file}: ${msg}`);
  }
}

export interface LockOptions {
  /** Wait this long for the holder to finish, ms, before giving up with LOCKED. @default 0 */
  waitMs?: number;
  now?: () => Date;
  command?: string;
}

export interface HeldLock {
  file: string;
  /** The record of a holder that died without releasing (its lock already gone with it). */
  tookOver: LockOwner | null;
  release(): Promise<void>;
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return null; /* no record, or half-written: nothing to report */
  }
}

function isBusy(e: unknown): boolean {
  return e instanceof BetterSqlite3.SqliteError && (e.code === "SQLITE_BUSY" || e.code === "SQLITE_LOCKED");
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lock file of gongkai 0.1 was a JSON record, not a database; its holder still runs if its pid does, here. */
function replaceLegacyLock(file: string): void {
  const old = readOwner(file);
  if (old && old.host === hostname() && pidAlive(old.pid))
    throw new LockError(
      "LOCKED",
      file,
      old,
      `an older gongkai (pid ${old.pid}, since ${old.startedAt}) holds the lock`,
    );
  renameSync(file, `${file}.owner`);
}

/** BEGIN EXCLUSIVE on a new connection, waiting up to `waitMs`; null when another process holds it. */
function lockDatabase(file: string, waitMs: number): Database | null {
  // The file stays in rollback-journal mode (never WAL), where EXCLUSIVE locks the file itself.
  const db = new BetterSqlite3(file, { timeout: Math.max(0, Math.round(waitMs)) });
  try {
    db.exec("BEGIN EXCLUSIVE");
    db.prepare("SELECT count(*) FROM sqlite_master").get(); /* NOTADB for a gongkai 0.1 lock file */
    return db;
  } catch (e) {
    db.close();
    if (isBusy(e)) return null;
    if (!(e instanceof BetterSqlite3.SqliteError) || e.code !== "SQLITE_NOTADB") throw e;
    replaceLegacyLock(file);
    return lockDatabase(file, waitMs);
  }
}

/**
 * Takes the lock at `file` or throws LockError("LOCKED") naming the holder.
 * @example
 * const lock = await acquireLock("data/gongkai.db.lock");
 * try { … } finally { await lock.release(); }
 */
export async function acquireLock(file: string, opts: LockOptions = {}): Promise<HeldLock> {
  const { waitMs = 0, now = () => new Date(), command = process.argv.slice(1).join(" ") } = opts;
  await mkdir(dirname(file), { recursive: true });
  const ownerFile = `${file}.owner`;
  const db = lockDatabase(file, waitMs);
  if (!db) {
    const owner = readOwner(ownerFile);
    const who = owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}` : "another process";
    throw new LockError("LOCKED", file, owner, `another run (${who}) holds the lock; try again when it has finished`);
  }
  const tookOver = readOwner(ownerFile);
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: now().toISOString(), command };
  // Temp file + rename: a process refused the lock never reads half a record.
  writeFileSync(`${ownerFile}.tmp-${process.pid}`, `${JSON.stringify(me)}\n`);
  renameSync(`${ownerFile}.tmp-${process.pid}`, ownerFile);
  let released = false;
  return {
    file,
    tookOver,
    release: async () => {
      if (released) return;
      released = true;
      rmSync(ownerFile, { force: true }); /* before the lock goes: the next holder must not find our record */
      db.exec("ROLLBACK");
      db.close();
    },
  };
}
