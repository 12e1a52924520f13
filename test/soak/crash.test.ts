// Soak: SIGKILL `gongkai run` at 24 random points over a demo-sized run.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureBuilt } from "../cli-helpers.ts";
import { crashEnv, type CrashEnv, killChain, runChild, snapshot } from "../fuzz/_crash.ts";
import { writeSoakSection } from "./_report.ts";

const KILLS = Number(process.env.SOAK_KILLS ?? 24);
let env: CrashEnv;
beforeAll(async () => {
  ensureBuilt();
  env = await crashEnv();
});
afterAll(async () => {
  await env.close();
});

it(`${KILLS} SIGKILLs over a demo-sized run end with the uninterrupted run's dataset`, async () => {
  const ref = await runChild(env, "reference");
  expect(ref.code).toBe(0);
  const expected = snapshot(join(env.dir, "reference", "gongkai.db"));
  const chain = await killChain(env, "killed", KILLS, ref.ms, 424242);
  const got = snapshot(join(env.dir, "killed", "gongkai.db"));
  const same = JSON.stringify(got.facts) === JSON.stringify(expected.facts);
  await writeSoakSection(
    "soak: crash consistency",
    [
      `\`gongkai run\` over the demo mirror (4 sites, ${expected.reports} reports, ${expected.facts.length} current facts); uninterrupted run ${ref.ms} ms including process start.`,
      `${chain.kills} SIGKILLs at random points between 100 ms and 1.1 × that time (${chain.reruns} processes started, each rerun resuming the last), then one run to completion (exit ${chain.finalCode}).`,
      "",
      "| | uninterrupted | killed and rerun |",
      "|---|---|---|",
      `| current reports | ${expected.reports} | ${got.reports} |`,
      `| current facts | ${expected.facts.length} | ${got.facts.length} |`,
      `| report keys with more than one version | ${expected.duplicateVersions} | ${got.duplicateVersions} |`,
      `| documents | ${expected.documents} | ${got.documents} |`,
      `| facts identical (agency, year, key, value, raw, flagged) | — | ${same ? "yes" : "NO"} |`,
      "",
      `Kill points (ms after start): ${chain.killPointsMs.join(", ")}.`,
    ].join("\n"),
  );
  expect(chain.finalCode).toBe(0);
  expect(got.duplicateVersions).toBe(0);
  expect(got.facts).toEqual(expected.facts);
}, 1_800_000);
