// Content-addressed raw archive: every body stored once as <raw>/<ab>/<cd>/<sha256> (docs/crawl.md,
// "Archive"). Written to a temporary file under <raw>/.tmp and renamed, so a kill -9 never leaves a
// truncated file under a hash name; a write that fails (disk full) removes its temporary file, and a run
// removes what a killed one left behind.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function archivePath(raw: string, sha: string): string {
  return join(raw, sha.slice(0, 2), sha.slice(2, 4), sha);
}

const TMP_DIR = ".tmp";

/** Store bytes under their hash; returns the hash and path. Identical bodies are stored once. */
export function writeArchive(raw: string, bytes: Uint8Array): { sha256: string; path: string } {
  const sha = sha256Hex(bytes);
  const path = archivePath(raw, sha);
  if (!existsSync(path)) {
    mkdirSync(join(raw, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    mkdirSync(join(raw, TMP_DIR), { recursive: true });
    const tmp = join(raw, TMP_DIR, `${sha}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
  return { sha256: sha, path };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

/**
 * Remove partial writes left in <raw>/.tmp by a crawl that died mid-write (disk full, kill -9). A file
 * whose writer (the pid in its name) still runs is left alone. Returns how many files went.
 */
export function cleanPartialWrites(raw: string): number {
  let n = 0;
  const tmpDir = join(raw, TMP_DIR);
  if (!existsSync(tmpDir)) return 0;
  for (const f of readdirSync(tmpDir)) {
    const pid = Number(/\.(\d+)\.tmp$/.exec(f)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
    rmSync(join(tmpDir, f), { force: true });
    n++;
  }
  return n;
}
