// `gongkai run` killed with SIGKILL at random points and rerun ends with the same dataset as
// an uninterrupted run: no duplicate and no missing fact. (Needs dist/: `npm test` builds first.)
import { afterAll, beforeAll, expect, it } from "vitest";
import { join } from "node:path";
import { ensureBuilt } from "../cli-helpers.ts";
import { crashEnv, type CrashEnv, killChain, runChild, snapshot } from "./_crash.ts";

let env: CrashEnv;
beforeAll(async () => {
  ensureBuilt();
  env = await crashEnv();
});
afterAll(async () => {
  await env.close();
});

it("four SIGKILLs at random points, each followed by a rerun, end with the uninterrupted run's dataset", async () => {
  const ref = await runChild(env, "reference");
  expect(ref.code).toBe(0);
  const expected = snapshot(join(env.dir, "reference", "gongkai.db"));
  expect(expected.reports).toBe(10);
  const chain = await killChain(env, "killed", 4, ref.ms, 20261127);
  expect(chain.kills).toBe(4);
  expect(chain.finalCode).toBe(0);
  const got = snapshot(join(env.dir, "killed", "gongkai.db"));
  expect(got.duplicateVersions).toBe(0);
  expect(got.reports).toBe(expected.reports);
  expect(got.facts.length).toBe(expected.facts.length);
  expect(got.facts).toEqual(expected.facts);
}, 180_000);
