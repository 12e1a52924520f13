// Crawled documents as a source for the ingest door (`gongkai run`): the newest fetch of every
// report URL, with the crawler's source record (sha256, charset, media type, address, fetch time)
// passed on as it is, so the bytes are neither hashed nor decoded from scratch again.
import { readFile } from "node:fs/promises";
import { type DocumentRow, type Site, sourceOf } from "../crawl/index.ts";
import type { Source } from "./batch.ts";

/** The newest fetch of every report URL that kept its bytes: what the dataset should reflect. */
export function latestDocuments(rows: readonly DocumentRow[]): DocumentRow[] {
  const byUrl = new Map<string, DocumentRow>();
  for (const r of rows) if (r.sha256 && r.archivePath) byUrl.set(r.url, r);
  return [...byUrl.values()];
}

/** Sources for the rows, with what the registry knows of their site. */
export function crawledSources(rows: readonly DocumentRow[], sites: ReadonlyMap<string, Site>): Source[] {
  const out: Source[] = [];
  for (const row of rows) {
    const doc = sourceOf(row);
    if (!doc) continue;
    const site = sites.get(row.siteId);
    const contentType = row.headers["content-type"];
    // The site's division travels in the source record (doc.region, doc.regionCode), not as page meta:
    // the report keeps the region its own text names, which the loader needs to recognise a city
    // portal's copy of a district report (src/load/identity.ts).
    const meta = row.kind === "attachment" && row.title ? { title: row.title } : {};
    out.push({
      name: row.url,
      siteId: row.siteId,
      doc: { ...doc, region: site?.name ?? null, regionCode: site?.division ?? null },
      read: () => readFile(doc.archivePath!),
      ...(contentType ? { contentType } : {}),
      meta,
    });
  }
  return out;
}
