// One error class for the load stage; callers match on `code`, never on the message (docs/style.md, "Errors").

/**
 * SCHEMA_TOO_NEW: the file was written by a newer gongkai; stop, never downgrade it.
 * INVALID_RESULT: a parse result failed validation; this document is recorded as failed, the batch goes on.
 * REJECTED: the database refused a result (a constraint, e.g. an unknown template from a result not
 *   validated); this document is recorded as failed, the batch goes on.
 * BAD_OPTION: caller misuse (unknown view, metric, region); the command stops with the fix in the message.
 * NOT_FOUND: a path, agency or region matched nothing.
 * CORRUPT: the file is not an SQLite database, or fails SQLite's quick_check; nothing is read from it.
 * UNREACHABLE: a PostgreSQL dataset's server refused or did not answer; nothing was written.
 */
export type LoadCode =
  | "SCHEMA_TOO_NEW"
  | "INVALID_RESULT"
  | "REJECTED"
  | "BAD_OPTION"
  | "NOT_FOUND"
  | "CORRUPT"
  | "UNREACHABLE";

export class LoadError extends Error {
  override readonly name = "LoadError";
  constructor(
    readonly code: LoadCode,
    readonly source: string,
    msg: string,
    opts?: ErrorOptions,
  ) {
    super(`${code} ${source}: ${msg}`, opts);
  }
}
