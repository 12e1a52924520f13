// The archived bytes behind a report: found by the document's archive path, else under the raw
// archive directory by its hash, else at the local file it was loaded from; checked against the
// SHA-256 recorded in the dataset before they are shown.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ArchivedDoc {
  bytes: Buffer;
  /** The file the bytes came from. */
  file: string;
  /** The bytes hash to the recorded SHA-256. */
  verified: boolean;
}

export function readArchived(
  doc: { sha256: string; archive_path: string | null; path: string | null },
  rawDir?: string,
): ArchivedDoc | null {
  const candidates = [
    doc.archive_path,
    rawDir ? join(rawDir, doc.sha256.slice(0, 2), doc.sha256.slice(2, 4), doc.sha256) : null,
    doc.path,
  ];
  for (const file of candidates) {
    if (!file || !existsSync(file)) continue;
    const bytes = readFileSync(file);
    return { bytes, file, verified: createHash("sha256").update(bytes).digest("hex") === doc.sha256 };
  }
  return null;
}

export const extensionOf = (mediaType: string | null): string =>
  mediaType?.includes("pdf")
    ? ".pdf"
    : mediaType?.includes("html")
      ? ".html"
      : mediaType?.includes("text")
        ? ".txt"
        : "";

export const contentTypeOf = (ext: string): string =>
  ext === ".pdf"
    ? "application/pdf"
    : ext === ".html"
      ? "application/octet-stream" // downloaded as it was archived: never run an archived page's scripts here
      : ext === ".txt"
        ? "text/plain; charset=utf-8"
        : "application/octet-stream";
