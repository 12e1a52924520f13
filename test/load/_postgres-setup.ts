// vitest globalSetup of the "postgres" project: drops the test schemas (gk_test_*) a previous run
// left, and those of this run (with their lock files) when it ends. Fails early, with the fix, when no server answers.
import { readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const URL = process.env.GONGKAI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function dropTestSchemas(): Promise<void> {
  const client = new pg.Client({ connectionString: URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not answering at ${URL} (${(err as Error).message}); start it (README, "Running the tests")`,
    );
  }
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'gk\\_test\\_%'",
    );
    for (const r of rows) await client.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<void> {
  await dropTestSchemas();
}

export async function teardown(): Promise<void> {
  await dropTestSchemas();
  // The run locks of those datasets (src/paths.ts, lockFileOf).
  const locks = join(tmpdir(), "gongkai-locks");
  let names: string[] = [];
  try {
    names = readdirSync(locks);
  } catch {
    return;
  }
  for (const n of names) if (n.includes("-gk_test_")) rmSync(join(locks, n), { force: true });
}
