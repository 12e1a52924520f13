// Deciding what a response means (pure): its class, whether it changed, and what it leads to.
// The crawler does the I/O around it; this file holds the rules.
import { decodeBytes, htmlToText } from "../parse/index.ts";
import type { FrontierRow, NewFrontierRow } from "./_store.ts";
import { classifyBlock, isSoft404, isTextual, sniffMediaType } from "./classify.ts";
import { discoverList, selectAttachments, selectReportImages, type FoundLink, type ListRequest } from "./discover.ts";
import { REPORT_TABLE_TEXT } from "./policy.ts";
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
  /** Is this page text (parse's htmlToText of an HTML page, the decoded text otherwise) a report? */
  recognize: (pageText: string) => boolean;
  /** Was this URL key fetched with content in an earlier run? (for the early pagination stop) */
  knownBefore: (key: string) => boolean;
  knownPagesToStop: number;
  maxListPages: number;
  /** Attachments taken from one page; the rest are dropped and the page says so (`limit`). */
  maxAttachmentsPerPage: number;
}

export interface Outcome {
  state: "done" | "failed" | "blocked";
  cls: string;
  mediaType: string;
  charset: string | null;
  children: NewFrontierRow[];
  adapter?: string;
  /** A limit hit while reading this page, e.g. `attachments: kept 50 of 50000 links`. */
  limit?: string;
}

/**
 * Every URL the crawler fetches must be on the site's hosts (its start host and the hosts it lists). A
 * link elsewhere (a 下一页 to another host, a report on a file server not listed) is kept as a row that is
 * never fetched, `skipped` with class `out_of_scope`, so the summary shows it.
 */
export function scopeRows(rows: readonly NewFrontierRow[], hosts: ReadonlySet<string>): NewFrontierRow[] {
  const out: NewFrontierRow[] = [];
  let outside = 0;
  for (const r of rows) {
    if (hosts.has(r.host)) out.push(r);
    // A page of 50,000 foreign links records the first few: the point is made, the database stays small.
    else if (++outside <= OUT_OF_SCOPE_PER_PAGE)
      out.push({
        ...r,
        state: "skipped",
        class: "out_of_scope",
        error: `host ${r.host} is not one of the site's hosts`,
      });
  }
  return out;
}

/** Out-of-scope links recorded per page. */
export const OUT_OF_SCOPE_PER_PAGE = 20;

/** A page with 50,000 attachment links would enqueue them all: keep the first `cap`, say how many were dropped. */
export function capAttachments(links: readonly FoundLink[], cap: number): { kept: FoundLink[]; limit?: string } {
  let n = 0;
  const kept = links.filter((l) => l.kind !== "attachment" || ++n <= cap);
  return n > cap ? { kept, limit: `attachments: kept ${cap} of ${n} links` } : { kept };
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
    const found = discoverList(ctx.site, req, text);
    const { kept, limit } = capAttachments(found.links, ctx.maxAttachmentsPerPage);
    const links = linkRows(kept, row);
    const inScope = links.filter((l) => ctx.hosts.has(l.host));
    const allKnown = inScope.length > 0 && inScope.every((l) => ctx.knownBefore(l.url));
    const knownPages = allKnown ? row.known_pages + 1 : 0;
    // Later runs stop paging once `knownPagesToStop` pages in a row held only known items (docs/crawl.md, "Paging").
    const more = knownPages < ctx.knownPagesToStop && row.page + 1 < ctx.maxListPages;
    return {
      state: "done",
      cls: "list",
      mediaType,
      charset,
      adapter: found.adapter,
      children: scopeRows([...links, ...(more ? listRows(found.next, row, knownPages) : [])], ctx.hosts),
      ...(limit ? { limit } : {}),
    };
  }
  if (!isTextual(mediaType)) return { state: "done", cls: "attachment", mediaType, charset, children: [] };
  if (isSoft404(plain, plain.length)) return { state: "done", cls: "soft_404", mediaType, charset, children: [] };
  const found = mediaType === "text/html" ? selectAttachments(text, res.finalUrl, row.title ?? "") : [];
  // A report page whose tables are not in its text may print them as images: those are fetched too, to be OCR'd.
  if (mediaType === "text/html" && row.kind === "report" && !REPORT_TABLE_TEXT.test(plain))
    found.push(...selectReportImages(text, res.finalUrl, row.title ?? ""));
  const { kept, limit } = capAttachments(found, ctx.maxAttachmentsPerPage);
  const attachments = scopeRows(linkRows(kept, row), ctx.hosts);
  // recognizePage's rule on the page text already made above, not a second scan of the page.
  const cls = ctx.recognize(plain) ? "report" : attachments.length ? "report_page" : "not_report";
  return { state: "done", cls, mediaType, charset, children: attachments, ...(limit ? { limit } : {}) };
}

/** new / changed / unchanged relative to the previous fetch of the same URL. */
export function planChange(prevSha: string | null | undefined, sha: string): "new" | "changed" | "unchanged" {
  if (!prevSha) return "new";
  return prevSha === sha ? "unchanged" : "changed";
}
