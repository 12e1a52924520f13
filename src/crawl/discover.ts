// Discovery, pure: from a fetched list page, which links are reports, which are attachments, and which
// list page comes next (adapters in cms/). From a report page, which links are attachments, and which
// images may be its tables printed as pictures.
import { extractAnchors, extractImages, resolveHref, type Anchor } from "./_html.ts";
import { readListPage, type ListRequest } from "./cms/index.ts";
import {
  ATTACHMENT_EXT,
  REPORT_IMAGE_EXT,
  REPORT_IMAGE_MIN_PX,
  REPORT_IMAGE_SKIP,
  REPORT_IMAGES_MAX,
} from "./policy.ts";
import type { Site } from "./registry.ts";

export type { ListRequest } from "./cms/index.ts";

/** A link worth fetching, with the title it was found under. */
export interface FoundLink {
  url: string;
  kind: "report" | "attachment";
  title: string;
}

export interface ListDiscovery {
  links: FoundLink[];
  next: ListRequest[];
  adapter: string;
}

const FULLWIDTH_DIGIT = /[０-９]/g;
const YEAR = /(?:19[89]\d|20[0-9]\d)\s*年?/;
/** 年度报告 / 年报 / 工作报告 of 政府信息公开; the year makes it an annual one. */
const REPORT_WORDS = /年度报告|年报|信息公开[^，。]{0,12}报告/;

function normalizeTitle(s: string): string {
  return s.replace(FULLWIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\s+/g, "");
}

/** Does a link title name an annual report (年度报告 or 年报, and a year)? */
export function isReportTitle(title: string): boolean {
  const t = normalizeTitle(title);
  return REPORT_WORDS.test(t) && YEAR.test(t);
}

export function isAttachmentUrl(url: string): boolean {
  try {
    return ATTACHMENT_EXT.test(new URL(url).pathname);
  } catch {
    return false; // not a URL: not an attachment
  }
}

function linkTitle(a: Anchor): string {
  // Titles are often truncated in the text ("平潭综合实验区2025年度政府信息…") but whole in title=.
  return a.title.length > a.text.length ? a.title : a.text;
}

/**
 * Pick report and attachment links from a list page (HTML or the records of a Hanweb/JSON list). With
 * `hosts`, links to other hosts are left out; without, they are kept and the caller records them as
 * out of scope.
 */
export function selectReportLinks(
  anchors: readonly Anchor[],
  pageUrl: string,
  hosts?: ReadonlySet<string>,
): FoundLink[] {
  const out: FoundLink[] = [];
  const seen = new Set<string>();
  for (const a of anchors) {
    const url = resolveHref(a.href, pageUrl);
    if (!url || seen.has(url) || url === pageUrl) continue;
    const title = linkTitle(a);
    if (!isReportTitle(title)) continue;
    if (hosts && !hosts.has(new URL(url).host.toLowerCase())) continue;
    seen.add(url);
    out.push({ url, kind: isAttachmentUrl(url) ? "attachment" : "report", title });
  }
  return out;
}

/**
 * Attachments linked from a report page; `parentTitle` is used when the link text says only 附件 or 下载.
 * Links to every host are returned: the caller decides what is in scope.
 */
export function selectAttachments(html: string, pageUrl: string, parentTitle: string): FoundLink[] {
  const out: FoundLink[] = [];
  const seen = new Set<string>();
  for (const a of extractAnchors(html)) {
    const url = resolveHref(a.href, pageUrl);
    if (!url || seen.has(url)) continue;
    const named = ATTACHMENT_EXT.test(a.text) || ATTACHMENT_EXT.test(a.title);
    if (!isAttachmentUrl(url) && !named) continue;
    seen.add(url);
    const t = linkTitle(a);
    out.push({ url, kind: "attachment", title: isReportTitle(t) ? t : parentTitle || t });
  }
  return out;
}

/**
 * Images of a report page that may be its tables (REPORT_IMAGE_EXT, not REPORT_IMAGE_SKIP, not
 * declared small), at most REPORT_IMAGES_MAX, titled with the page's title. Every host is returned:
 * the caller keeps those in scope.
 */
export function selectReportImages(html: string, pageUrl: string, parentTitle: string): FoundLink[] {
  const out: FoundLink[] = [];
  const seen = new Set<string>();
  for (const img of extractImages(html)) {
    if ((img.width ?? Infinity) < REPORT_IMAGE_MIN_PX || (img.height ?? Infinity) < REPORT_IMAGE_MIN_PX) continue;
    const url = resolveHref(img.src, pageUrl);
    if (!url || seen.has(url)) continue;
    const path = new URL(url).pathname;
    if (!REPORT_IMAGE_EXT.test(path) || REPORT_IMAGE_SKIP.test(path)) continue;
    seen.add(url);
    out.push({ url, kind: "attachment", title: parentTitle });
    if (out.length >= REPORT_IMAGES_MAX) break;
  }
  return out;
}

/** Everything a list page leads to. `text` is the decoded body (HTML, Hanweb XML or JSON). */
export function discoverList(site: Site, req: ListRequest, text: string): ListDiscovery {
  const page = readListPage(site, req, text);
  return { links: selectReportLinks(page.anchors, req.url), next: page.next, adapter: page.adapter };
}
