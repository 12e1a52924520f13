// External programs the format readers run (LibreOffice, poppler, Tesseract), found on PATH once.
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

const found = new Map<string, Promise<string | undefined>>();

async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The first of these programs found on PATH (cached per process), or undefined. */
export function findTool(names: readonly string[]): Promise<string | undefined> {
  const key = names.join("|");
  let p = found.get(key);
  if (!p) {
    p = (async () => {
      for (const n of names) {
        const hit = await onPath(n);
        if (hit) return hit;
      }
      return undefined;
    })();
    found.set(key, p);
  }
  return p;
}

/** Forget what was found (tests that hide a tool by changing PATH). */
export function resetTools(): void {
  found.clear();
}
