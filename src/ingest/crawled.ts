// Crawled documents as a source for the ingest door (`gongkai run`): the newest fetch of every
// report URL, with the crawler's source record (sha256, charset, media type, address, fetch time)
// passed on as it is, so the bytes are neither hashed nor decoded from scratch again.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type DocumentRow, type Site, sourceOf } from "../crawl/index.ts";
import type { Source } from "./batch.ts";

/** The newest fetch of every report URL that kept its bytes: what the dataset should reflect. */
export function latestDocuments(rows: readonly DocumentRow[]): DocumentRow[] {
  const byUrl = new Map<string, DocumentRow>();
  for (const r of rows) if (r.sha256 && r.archivePath) byUrl.set(r.url, r);
  return [...byUrl.values()];
}

const isImage = (r: DocumentRow) => r.kind === "attachment" && /^image\//.test(r.mediaType ?? "") && r.referer !== null;

/**
 * Pure: the images each report page links, by site and page, in fetch order (the page's order), when a
 * page has two or more: those are read as one document (its tables, one image each), not one each.
 */
export function planPageImages(rows: readonly DocumentRow[]): Map<string, DocumentRow[]> {
  const byPage = new Map<string, DocumentRow[]>();
  for (const r of rows) {
    if (!isImage(r) || !r.sha256 || !r.archivePath) continue;
    const k = `${r.siteId}\n${r.referer}`;
    byPage.set(k, [...(byPage.get(k) ?? []), r]);
  }
  for (const [k, v] of byPage) if (v.length < 2) byPage.delete(k);
  return byPage;
}

/** The source record of a page's images read together: the sha256 of their hashes in order (stable across runs). */
function imagesSource(images: readonly DocumentRow[], site: Site | undefined): Source {
  const first = images[0]!;
  const sha256 = createHash("sha256")
    .update(images.map((i) => i.sha256).join("\n"))
    .digest("hex");
  const name = `${first.referer}#images`;
  return {
    name,
    siteId: first.siteId,
    doc: {
      sha256,
      url: name,
      fetchedAt:
        images
          .map((i) => i.fetchedAt)
          .sort()
          .at(-1) ?? first.fetchedAt,
      mediaType: "image/*",
      size: images.reduce((n, i) => n + (i.size ?? 0), 0),
      siteId: first.siteId,
      region: site?.name ?? null,
      regionCode: site?.division ?? null,
    },
    read: async () => new Uint8Array(), // the images are read one by one by parseSource
    images: images.map((i) => ({ name: i.url, read: () => readFile(i.archivePath!) })),
    ...(first.title ? { meta: { title: first.title } } : {}),
  };
}

/** Sources for the rows, with what the registry knows of their site. */
export function crawledSources(rows: readonly DocumentRow[], sites: ReadonlyMap<string, Site>): Source[] {
  const out: Source[] = [];
  const pageImages = planPageImages(rows);
  const grouped = new Set([...pageImages.values()].flat());
  for (const images of pageImages.values()) out.push(imagesSource(images, sites.get(images[0]!.siteId)));
  for (const row of rows) {
    if (grouped.has(row)) continue;
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
