// The queue: a national crawl shared by many worker processes through PostgreSQL (docs/queue.md).
// `enqueueSites` records the registry and queues one job per site (pg-boss, in the dataset's database);
// `runWorker` takes jobs: crawl the site into the shared frontier under per-host leases, then parse and
// load what it fetched into the dataset. Jobs of dead workers expire and are retried; resumes lose nothing.
export { enqueueSites, type EnqueueOptions, type EnqueueSummary } from "./enqueue.ts";
export { runWorker, type JobEvent, type SiteJob, type WorkerOptions, type WorkerSummary } from "./worker.ts";
export { DEAD_QUEUE, SITE_QUEUE, planBossConnection, type QueuePolicy } from "./boss.ts";
export { planResolve, resolvingLookup } from "./resolve.ts";
export { QueueError, isQueueError, type QueueCode } from "./errors.ts";
