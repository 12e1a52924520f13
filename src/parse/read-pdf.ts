// PDF attachments: placeholder until the PDF reader lands.
import { ParseError } from "./errors.ts";
import type { ReadDoc } from "./types.ts";

export async function readPdf(_bytes: Uint8Array, path: string): Promise<ReadDoc> {
  throw new ParseError("UNSUPPORTED", path, "PDF reports are not supported yet");
}
