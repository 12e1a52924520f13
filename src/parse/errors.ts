// One error class for the parse stage; callers match on `code`, never on the message (STYLE 6/7).

/**
 * NOT_A_REPORT / EMPTY / BINARY / UNREADABLE / UNSUPPORTED: this document yields nothing; the batch
 * records the error and goes on with the next document.
 */
export type ParseCode = "NOT_A_REPORT" | "EMPTY" | "BINARY" | "UNREADABLE" | "UNSUPPORTED";

export class ParseError extends Error {
  override readonly name = "ParseError";
  constructor(
    readonly code: ParseCode,
    readonly source: string,
    msg: string,
    opts?: ErrorOptions,
  ) {
    super(`${code} ${source}: ${msg}`, opts);
  }
}
