// One error class for the parse stage; callers match on `code`, never on the message.

/**
 * NOT_A_REPORT / EMPTY / BINARY / UNREADABLE / UNSUPPORTED / TOO_LARGE: this document yields nothing;
 * the batch records the error and goes on with the next document. TOO_LARGE: beyond the size limits
 * that bound the parser's memory (docs/parse.md, "Limits").
 */
export type ParseCode = "NOT_A_REPORT" | "EMPTY" | "BINARY" | "UNREADABLE" | "UNSUPPORTED" | "TOO_LARGE";

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
