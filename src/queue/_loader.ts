// One load at a time per worker process, taking together the documents of every site that finished
// crawling meanwhile: a load transaction on PostgreSQL has a fixed cost (the load run, the writers' lock)
// far above a document's own, and while a process waits for the writers' lock its event loop (and so
// its crawls) waits with it. A job still finishes only once its own documents are committed.
import { emptyCounts, type IngestSummary, ingest, type Source } from "../ingest/index.ts";
import type { Database } from "../load/index.ts";

type Counts = IngestSummary["counts"];

interface Waiting {
  sources: Source[];
  resolve: (c: Counts) => void;
  reject: (e: unknown) => void;
}

/** `load(sources)` resolves with the counts of those sources once they are committed. */
export function createLoader(db: Database, now: () => Date, signal: AbortSignal): (s: Source[]) => Promise<Counts> {
  let queue: Waiting[] = [];
  let running = false;

  async function loadTogether(batch: Waiting[]): Promise<void> {
    const sources = batch.flatMap((w) => w.sources);
    const { outcomes } = await ingest(db, sources, { skipLoaded: true, now, signal, total: sources.length });
    const bySource = new Map(outcomes.map((o) => [o.source, o.outcome]));
    for (const w of batch) {
      const c = emptyCounts();
      let complete = true;
      for (const s of w.sources) {
        const o = bySource.get(s.name);
        if (o === undefined) complete = false;
        else c[o]++;
      }
      // Stopped before this job's documents (SIGTERM): the job fails this attempt and is retried.
      if (complete) w.resolve(c);
      else w.reject(new Error("the load stopped before this site's documents"));
    }
  }

  async function drain(): Promise<void> {
    running = true;
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await loadTogether(batch);
      } catch (e) {
        // One site's failure (an archive file missing) must not fail the others taken with it: each alone.
        if (batch.length === 1) batch[0]!.reject(e);
        else
          for (const w of batch)
            await loadTogether([w]).catch((err: unknown) => {
              w.reject(err);
            });
      }
    }
    running = false;
  }

  return (sources) =>
    new Promise<Counts>((resolve, reject) => {
      queue.push({ sources, resolve, reject });
      if (!running) void drain();
    });
}
