// Test helpers: fixtures live under test/fixtures; tests never read outside the repo.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(ROOT, "test", "fixtures");

export function fixturePath(rel: string): string {
  return join(FIXTURES, rel);
}
export function readFixture(rel: string): string {
  return readFileSync(fixturePath(rel), "utf8");
}
export function readFixtureBytes(rel: string): Buffer {
  return readFileSync(fixturePath(rel));
}

export interface Expected {
  input: string;
  report: Record<string, unknown>;
  facts: Record<string, number | null>;
  notes?: string[];
}
export function readExpected(rel: string): Expected {
  return JSON.parse(readFixture(rel)) as Expected;
}

/** Keys whose values differ between expected and actual facts (missing keys included). */
export function factDiff(expected: Record<string, number | null>, actual: Record<string, number | null>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(expected)) if (actual[k] !== v) out.push(`${k}: expected ${v}, got ${actual[k]}`);
  return out;
}

/** Keys holding a number other than the true one with no flag on the key itself: must always be none. */
export function unflaggedWrong(
  truth: Record<string, number | null>,
  r: { facts: Record<string, number | null>; flags: readonly { key: string | null }[] },
): string[] {
  const flagged = new Set(r.flags.map((f) => f.key));
  return Object.entries(truth)
    .filter(([k, v]) => r.facts[k] !== null && r.facts[k] !== undefined && r.facts[k] !== v && !flagged.has(k))
    .map(([k, v]) => `${k}: ${r.facts[k]} (true ${v})`);
}
