// One error class for the parse stage; callers match on `code`, never on the message.

/**
 * NOT_A_REPORT / EMPTY / BINARY / UNREADABLE / UNSUPPORTED / TOO_LARGE: this document yields nothing;
 * the batch records the error and goes on with the next document. TOO_LARGE: beyond the size limits
 * that bound the parser's memory (docs/parse.md, "Limits"). CONVERTER_MISSING / OCR_MISSING: a tool the
 * format needs is not installed (the message names the Debian package); CONVERSION_FAILED /
 * OCR_FAILED: the tool ran and failed on this document.
 */
export type ParseCode =
  | "NOT_A_REPORT"
  | "EMPTY"
  | "BINARY"
  | "UNREADABLE"
  | "UNSUPPORTED"
  | "TOO_LARGE"
  | "CONVERTER_MISSING"
  | "CONVERSION_FAILED"
  | "OCR_MISSING"
  | "OCR_FAILED";

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
