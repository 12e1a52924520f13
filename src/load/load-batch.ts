// Loading many parse results in one transaction. Committing once per ~100 reports instead of once
// per report is most of the speed (docs/load.md, "Batches"); each report keeps its own savepoint, so a result
// the database refuses leaves no half-written report and the others still load.
import BetterSqlite3 from "better-sqlite3";
import { type Database, PgError } from "../db/index.ts";
import { PARSER_VERSION, type ParseResult } from "../parse/index.ts";
import { contextOf, insertRows } from "./_statements.ts";
import { LoadError } from "./errors.ts";
import { type FailureInput, loadFailure, validateResult } from "./documents.ts";
import { type SourceDocument, type LoadOptions, type LoadOutcome, writeParsed } from "./load-parsed.ts";

/** A document and either its parse result or why it did not parse. */
export type BatchItem =
  | { doc: SourceDocument; result: ParseResult /** Overrides the batch's `validate`. */; validate?: boolean }
  | { doc: SourceDocument; failure: FailureInput };

/** A document recorded in `load_errors` (its parse failed, or its result did not load). */
export interface FailedOutcome {
  status: "failed";
  code: string;
  message: string;
  /** false when this document and parser version were recorded before. */
  recorded: boolean;
}

export type BatchOutcome = LoadOutcome | FailedOutcome;

/** A result's own fault: recorded against the document. Anything else (disk, lock, corruption) stops the batch. */
function documentFault(err: unknown, source: string): LoadError | null {
  if (err instanceof LoadError && err.code === "INVALID_RESULT") return err;
  if (err instanceof BetterSqlite3.SqliteError && err.code.startsWith("SQLITE_CONSTRAINT"))
    return new LoadError("REJECTED", source, err.message, { cause: err });
  // PostgreSQL's class 23, integrity constraint violation (and 22, data exceptions such as a value out of range).
  if (err instanceof PgError && /^2[23]/.test(err.code ?? ""))
    return new LoadError("REJECTED", source, err.message, { cause: err });
  return null;
}

/**
 * Loads parse results and parse failures in one transaction, in order; outcomes in the same order.
 * A result that fails validation or a constraint is rolled back to its savepoint and recorded in
 * `load_errors`; a database error rolls back the whole batch and is thrown.
 *
 * `runId` as a function may be called inside a report's savepoint and so be rolled back with it:
 * a function that keeps the id it created must check that the row still exists (see src/ingest/batch.ts).
 * @example
 * const outcomes = loadBatch(db, results.map((result, i) => ({ doc: docs[i], result })), { validate: false });
 */
export function loadBatch(db: Database, items: readonly BatchItem[], opts: LoadOptions = {}): BatchOutcome[] {
  const ctx = contextOf(db);
  const failed = (doc: SourceDocument, f: FailureInput): FailedOutcome => ({
    status: "failed",
    code: f.code,
    message: f.message,
    recorded: loadFailure(db, doc, f, opts),
  });
  const writeOne = db.transaction((item: { doc: SourceDocument; result: ParseResult }, narratives: unknown[]) =>
    writeParsed(ctx, item.doc, item.result, opts, narratives),
  );
  return db
    .transaction((): BatchOutcome[] => {
      const outcomes: BatchOutcome[] = [];
      // Narratives of every report that loaded, inserted after the savepoints (see writeParsed).
      const narratives: unknown[] = [];
      for (const item of items) {
        if ("failure" in item) {
          outcomes.push(failed(item.doc, item.failure));
          continue;
        }
        const mine: unknown[] = [];
        try {
          if (item.validate ?? opts.validate ?? true) validateResult(item.doc, item.result);
          outcomes.push(writeOne(item, mine));
          for (const v of mine) narratives.push(v);
        } catch (err) {
          const fault = documentFault(err, item.doc.url ?? item.doc.path ?? item.doc.sha256);
          if (!fault) throw err;
          // An invalid result from a JSON file may lack its parser version: record it under ours.
          const parserVersion =
            typeof item.result.parser_version === "string" ? item.result.parser_version : PARSER_VERSION;
          outcomes.push(failed(item.doc, { code: fault.code, message: fault.message, parserVersion }));
        }
      }
      insertRows(ctx, "narratives", narratives);
      return outcomes;
      // IMMEDIATE: a deferred transaction that reads first and then writes gets SQLITE_BUSY at once when
      // another writer holds the database; one that takes the write lock first waits (busy_timeout).
    })
    .immediate();
}
