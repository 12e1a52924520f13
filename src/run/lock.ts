// One nightly run at a time. The lock is a file created with O_EXCL holding the owner's pid, host
// and start time; a lock whose process is gone (same host) or that is older than `staleMs` (another
// host, where a pid cannot be checked) is taken over, atomically, by renaming it away first.
import { open, readFile, rename, unlink } from "node:fs/promises";
import { hostname } from "node:os";

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
  /** Is this pid alive on this host? @default signal 0 */
  isAlive?: (pid: number) => boolean;
  /** A lock from another host older than this is stale, ms. @default 24 h */
  staleMs?: number;
  now?: () => Date;
  command?: string;
}

export interface HeldLock {
  file: string;
  tookOver: LockOwner | null;
  release(): Promise<void>;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as LockOwner;
  } catch {
    return null; /* half-written or gone: treated as stale */
  }
}

export async function acquireLock(file: string, opts: LockOptions = {}): Promise<HeldLock> {
  const {
    isAlive = pidAlive,
    staleMs = 24 * 3600_000,
    now = () => new Date(),
    command = process.argv.slice(1).join(" "),
  } = opts;
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: now().toISOString(), command };
  let tookOver: LockOwner | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, "wx");
      await fh.writeFile(`${JSON.stringify(me)}\n`);
      await fh.sync();
      await fh.close();
      return {
        file,
        tookOver,
        release: () => unlink(file).catch(() => undefined /* already gone: nothing to release */),
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = await readOwner(file);
    const age = owner ? now().getTime() - Date.parse(owner.startedAt) : Infinity;
    const stale = !owner || (owner.host === me.host ? !isAlive(owner.pid) : age > staleMs);
    if (!stale)
      throw new LockError(
        "LOCKED",
        file,
        owner,
        `another run (pid ${owner!.pid} on ${owner!.host}, since ${owner!.startedAt}) holds the lock`,
      );
    // Rename first: of two runs that both see a stale lock, only one rename succeeds.
    try {
      await rename(file, `${file}.stale-${process.pid}`);
    } catch {
      continue; /* someone else took it over first; retry */
    }
    await unlink(`${file}.stale-${process.pid}`).catch(() => undefined /* cleanup only */);
    tookOver = owner;
  }
  throw new LockError("LOCKED", file, null, "could not take over a stale lock (another run keeps taking it)");
}
