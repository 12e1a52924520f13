// `load_runs`: one row per ingest call that changed something, with its counts.
import type { Database } from "../db/index.ts";

export interface LoadRunCounts {
  documents: number;
  new: number;
  /** Changed and reparsed together. */
  changed: number;
  /** Documents added to a version as another rendition (docs/load.md, "Renditions"). */
  renditions: number;
  unchanged: number;
  failed: number;
}

/**
 * Returns a function giving the run's id, creating the row on first call. The row may be written
 * inside a report's savepoint that then rolls back, so the id is checked to still exist each time.
 */
export function planLoadRun(db: Database, startedAt: () => string, parserVersion: string): () => number {
  let runId: number | null = null;
  const exists = db.prepare("SELECT 1 FROM load_runs WHERE id = ?");
  const insert = db.prepare("INSERT INTO load_runs (started_at, parser_version) VALUES (?, ?)");
  return () => {
    if (runId !== null && exists.get(runId)) return runId;
    runId = Number(insert.run(startedAt(), parserVersion).lastInsertRowid);
    return runId;
  };
}

export function finishLoadRun(db: Database, runId: number, finishedAt: string, c: LoadRunCounts): void {
  db.prepare(
    `UPDATE load_runs SET finished_at = ?, documents = ?, new = ?, changed = ?, renditions = ?, unchanged = ?, failed = ? WHERE id = ?`,
  ).run(finishedAt, c.documents, c.new, c.changed, c.renditions, c.unchanged, c.failed, runId);
}
