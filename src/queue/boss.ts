// pg-boss in the dataset's database: its own schema (`<dataset schema>_boss`), one queue of site jobs
// and its dead-letter queue. The queue policy is `stately`: at most one job per site waiting and one
// running, so enqueueing twice never crawls a site twice at once.
import PgBoss from "pg-boss";
import { parsePostgresUrl, redactUrl } from "../db/index.ts";
import { QueueError } from "./errors.ts";

export const SITE_QUEUE = "gongkai-site";
export const DEAD_QUEUE = "gongkai-site-dead";

export interface BossOptions {
  /** Seconds between the maintenance passes that expire jobs of dead workers (pg-boss `maintenanceIntervalSeconds`). @default 30 */
  maintenanceSeconds?: number;
  /** Run maintenance in this process (workers do; `enqueue` does not). @default true */
  supervise?: boolean;
}

/** The connection string without gongkai's `schema` parameter, and pg-boss's schema beside the dataset's. */
export function planBossConnection(url: string): { connectionString: string; schema: string } {
  const parsed = parsePostgresUrl(url);
  if ("problem" in parsed) throw new QueueError("BAD_OPTION", redactUrl(url), `--db: ${parsed.problem}`);
  return { connectionString: parsed.connectionString, schema: `${parsed.schema}_boss` };
}

/** Starts pg-boss on the dataset's database (installing its schema the first time). */
export async function startBoss(url: string, o: BossOptions = {}): Promise<PgBoss> {
  const { connectionString, schema } = planBossConnection(url);
  const boss = new PgBoss({
    connectionString,
    schema,
    max: 4,
    supervise: o.supervise ?? true,
    schedule: false,
    maintenanceIntervalSeconds: o.maintenanceSeconds ?? 30,
  });
  // pg-boss reports maintenance and polling failures as events; the job that failed is retried anyway.
  boss.on("error", (err) => process.emitWarning(`pg-boss: ${err.message}`));
  try {
    await boss.start();
  } catch (cause) {
    throw new QueueError("BOSS", redactUrl(url), `pg-boss did not start: ${(cause as Error).message}`, { cause });
  }
  return boss;
}

export interface QueuePolicy {
  /** Attempts after the first (a worker killed mid-job counts as one). @default 3 */
  retryLimit?: number;
  /** Seconds before a failed job is tried again. @default 30 */
  retryDelaySeconds?: number;
  /**
   * A running job not finished after this long is taken for dead and handed to another worker, s.
   * pg-boss 10 has no heartbeat, so it must exceed the longest site crawl. @default 3600
   */
  expireSeconds?: number;
}

/** Creates the site queue and its dead-letter queue if they do not exist (two callers at once: both fine). */
export async function ensureQueues(boss: PgBoss, p: QueuePolicy = {}): Promise<void> {
  try {
    if (!(await boss.getQueue(DEAD_QUEUE))) await boss.createQueue(DEAD_QUEUE, { name: DEAD_QUEUE });
    if (await boss.getQueue(SITE_QUEUE)) return;
    await boss.createQueue(SITE_QUEUE, {
      name: SITE_QUEUE,
      policy: "stately",
      retryLimit: p.retryLimit ?? 3,
      retryDelay: p.retryDelaySeconds ?? 30,
      expireInSeconds: p.expireSeconds ?? 3600,
      deadLetter: DEAD_QUEUE,
    });
  } catch (cause) {
    throw new QueueError("BOSS", SITE_QUEUE, `the queues cannot be created: ${(cause as Error).message}`, { cause });
  }
}
