// Content-addressed raw archive: every body stored once as <raw>/<ab>/<cd>/<sha256> (CRAWL.md §6).
// Written to a temporary name and renamed, so a kill -9 never leaves a truncated file under a hash name.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function archivePath(raw: string, sha: string): string {
  return join(raw, sha.slice(0, 2), sha.slice(2, 4), sha);
}

/** Store bytes under their hash; returns the hash and path. Identical bodies are stored once. */
export function writeArchive(raw: string, bytes: Uint8Array): { sha256: string; path: string } {
  const sha = sha256Hex(bytes);
  const path = archivePath(raw, sha);
  if (!existsSync(path)) {
    mkdirSync(join(raw, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  }
  return { sha256: sha, path };
}
