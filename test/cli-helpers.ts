// Run the built CLI as a user would. `npm test` builds dist/ first; a lone `vitest run` builds it here.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.ts";

export function ensureBuilt(): void {
  if (!existsSync(join(ROOT, "dist", "cli", "main.js"))) {
    spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  }
}

export function gongkai(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, "bin", "gongkai.js"), ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    input: opts.input ?? "",
    timeout: 120_000,
  });
}
