// The source record: one document's provenance, decided once where its bytes are first seen (the
// crawler's fetch, or a local file's read) and carried unchanged through parse to the dataset's
// `documents` table. Shared by crawl/, ingest/ and load/; a type only.

export interface SourceDocument {
  /** Of the raw bytes. */
  sha256: string;
  url?: string | null;
  path?: string | null;
  /** ISO 8601. */
  fetchedAt?: string | null;
  /** Sniffed from the bytes (crawl) or taken from the file's extension (local files). */
  mediaType?: string | null;
  /** The charset the bytes were decoded with, when they are text. */
  charset?: string | null;
  size?: number | null;
  /** Where the raw bytes are kept (content-addressed store). */
  archivePath?: string | null;
  siteId?: string | null;
  /** The crawler recognised these bytes as a report (parse's recognizePage): the parser does not ask again. */
  recognized?: boolean;
  /** From the site registry: these win over what the report text says. */
  agency?: string | null;
  region?: string | null;
  regionCode?: string | null;
}
