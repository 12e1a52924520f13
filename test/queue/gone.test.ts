// A worker whose queue disappears (its schema dropped, as a test's clean-up or an operator does) stops
// with a QueueError naming the queue, instead of polling forever.
import pg from "pg";
import { expect, it } from "vitest";
import { runWorker } from "../../src/queue/index.ts";
import { freshPostgresUrl, TEST_PG_URL } from "../load/_fixtures.ts";

it("a worker stops with BOSS when its queue's schema is dropped", async () => {
  const url = freshPostgresUrl();
  const schema = new URL(url).searchParams.get("schema");
  const worker = runWorker({
    db: url,
    raw: "/nonexistent",
    pollSeconds: 0.5,
    checkSeconds: 0.2,
    maintenanceSeconds: 60,
  });
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    // Wait until the worker has made its queue and polls it, then take the queue away.
    for (let i = 0; i < 200; i++) {
      const made = await client
        .query(`SELECT 1 FROM "${schema}_boss".queue WHERE name = 'gongkai-site'`)
        .then((r) => r.rowCount === 1)
        .catch(() => false);
      if (made) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    await client.query(`DROP SCHEMA "${schema}_boss" CASCADE`);
  } finally {
    await client.end();
  }
  await expect(worker).rejects.toMatchObject({ name: "QueueError", code: "BOSS" });
}, 30_000);
