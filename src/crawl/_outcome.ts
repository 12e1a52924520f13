// Deciding what a response means (pure): its class, whether it changed, and what it leads to.
// The crawler does the I/O around it; this file holds the rules.
import { decodeBytes } from "../parse/index.ts";
import { htmlToText } from "./_html.ts";
import type { FrontierRow, NewFrontierRow } from "./_store.ts";
import { classifyBlock, isSoft404, isTextual, sniffMediaType } from "./classify.ts";
import { discoverList, selectAttachments, type FoundLink, type ListRequest } from "./discover.ts";
import type { Site } from "./registry.ts";

export interface ResponseFacts {
  status: number;
  headers: Record<string, string>;
  finalUrl: string;
  bytes: Uint8Array;
}

export interface OutcomeContext {
  site: Site;
  hosts: ReadonlySet<string>;
  recognize: (text: string) => boolean;
  /** Was this URL key fetched with content in an earlier run? (for the early pagination stop) */
  knownBefore: (key: string) => boolean;
  knownPagesToStop: number;
  maxListPages: number;
}

export interface Outcome {
  state: "done" | "failed" | "blocked";
  cls: string;
  mediaType: string;
  charset: string | null;
  children: NewFrontierRow[];
  adapter?: string;
}

function linkRows(links: readonly FoundLink[], row: FrontierRow): NewFrontierRow[] {
  return links.map((l) => ({
    url: l.url,
    method: "GET",
    host: new URL(l.url).host.toLowerCase(),
    site_id: row.site_id,
    kind: l.kind,
    title: l.title,
    referer: row.url,
  }));
}

function listRows(next: readonly ListRequest[], row: FrontierRow, knownPages: number): NewFrontierRow[] {
  return next.map((n) => ({
    url: n.url,
    method: n.method,
    body: n.body ?? null,
    host: new URL(n.url).host.toLowerCase(),
    site_id: row.site_id,
    kind: "list",
    format: n.format,
    page: n.page,
    known_pages: knownPages,
    title: row.title,
    referer: row.url,
  }));
}

/** Classify a 2xx/4xx/5xx answer (redirects are followed before this). `bytes` may be from the archive on a 304. */
export function planOutcome(row: FrontierRow, res: ResponseFacts, ctx: OutcomeContext): Outcome {
  const mediaType = sniffMediaType(res.bytes, res.finalUrl);
  let text = "",
    charset: string | null = null;
  if (isTextual(mediaType)) {
    const d = decodeBytes(res.bytes, { contentType: res.headers["content-type"] });
    text = d.text;
    charset = d.charset.used;
  }
  const plain = mediaType === "text/html" ? htmlToText(text) : text;
  const blocked = classifyBlock(res.status, res.headers, text, plain.length);
  if (blocked) return { state: "blocked", cls: `blocked:${blocked}`, mediaType, charset, children: [] };
  if (res.status >= 400 || res.status < 200)
    return { state: "failed", cls: `http_${res.status}`, mediaType, charset, children: [] };

  if (row.kind === "list") {
    const req: ListRequest = {
      url: row.url,
      method: row.method,
      body: row.body ?? undefined,
      page: row.page,
      format: row.format ?? "html",
    };
    const found = discoverList(ctx.site, ctx.hosts, req, text);
    const links = linkRows(found.links, row);
    const allKnown = links.length > 0 && links.every((l) => ctx.knownBefore(l.url));
    const knownPages = allKnown ? row.known_pages + 1 : 0;
    // Later runs stop paging once `knownPagesToStop` pages in a row held only known items (CRAWL.md §4).
    const more = knownPages < ctx.knownPagesToStop && row.page + 1 < ctx.maxListPages;
    return {
      state: "done",
      cls: "list",
      mediaType,
      charset,
      adapter: found.adapter,
      children: [...links, ...(more ? listRows(found.next, row, knownPages) : [])],
    };
  }
  if (!isTextual(mediaType)) return { state: "done", cls: "attachment", mediaType, charset, children: [] };
  if (isSoft404(plain, plain.length)) return { state: "done", cls: "soft_404", mediaType, charset, children: [] };
  const attachments =
    mediaType === "text/html" ? linkRows(selectAttachments(text, res.finalUrl, ctx.hosts, row.title ?? ""), row) : [];
  const cls = ctx.recognize(plain) ? "report" : attachments.length ? "report_page" : "not_report";
  return { state: "done", cls, mediaType, charset, children: attachments };
}

/** new / changed / unchanged relative to the previous fetch of the same URL. */
export function planChange(prevSha: string | null | undefined, sha: string): "new" | "changed" | "unchanged" {
  if (!prevSha) return "new";
  return prevSha === sha ? "unchanged" : "changed";
}
