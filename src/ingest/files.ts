// Local files and folders as a source for the ingest door (`gongkai load`). Folders are walked
// recursively in sorted order, so reruns load in the same order.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Database } from "../db/index.ts";
import { LoadError } from "../load/index.ts";
import { type IngestOptions, type IngestSummary, ingest, type Source } from "./batch.ts";

/** Files a folder walk picks up, by extension, with the media type recorded for them. */
const MEDIA_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".html": "text/html",
  ".htm": "text/html",
  ".shtml": "text/html",
  ".txt": "text/plain",
};
/** Parse results saved by `gongkai parse --json` (content-addressed artifacts) load without re-parsing. */
const PARSED_SUFFIX = ".parse.json";

/** Expands folders (recursively, sorted); files given by name are kept whatever their extension. */
export async function listFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && (e.name.endsWith(PARSED_SUFFIX) || extname(e.name).toLowerCase() in MEDIA_TYPES))
        out.push(p);
    }
  };
  for (const p of paths) {
    const st = await stat(p).catch((cause: unknown) => {
      throw new LoadError("NOT_FOUND", p, "no such file or folder", { cause });
    });
    if (st.isDirectory()) await walk(p);
    else out.push(p);
  }
  return out;
}

/** Each file read once: the source record (sha256 of the bytes, media type by extension) and the bytes. */
export async function* fileSources(files: readonly string[]): AsyncGenerator<Source> {
  for (const path of files) {
    const bytes = await readFile(path);
    const saved = path.endsWith(PARSED_SUFFIX);
    const mediaType = MEDIA_TYPES[extname(path).toLowerCase()] ?? (saved ? "application/json" : undefined);
    yield {
      name: path,
      doc: {
        sha256: createHash("sha256").update(bytes).digest("hex"),
        path,
        mediaType: mediaType ?? null,
        size: bytes.length,
      },
      read: async () => bytes,
      ...(mediaType && !saved ? { contentType: mediaType } : {}),
      ...(saved ? { saved: true } : {}),
    };
  }
}

/** Parses and loads local files and folders through the ingest door. */
export async function ingestFiles(
  db: Database,
  paths: readonly string[],
  opts: Omit<IngestOptions, "total" | "skipLoaded"> = {},
): Promise<IngestSummary> {
  if (!((opts.batchSize ?? 100) >= 1))
    throw new LoadError("BAD_OPTION", "batchSize", `batchSize must be at least 1 (got ${opts.batchSize})`);
  const files = await listFiles(paths);
  return ingest(db, fileSources(files), { ...opts, total: files.length });
}
