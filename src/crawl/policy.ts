// Crawl policy as commented data (docs/style.md, "Shape" 4). Sources: RFC 9110, RFC 9309.

import { formats } from "../parse/index.ts";

/** Names the project and where to complain; undici's crawling guide and most webmasters ask for this. */
export const USER_AGENT =
  "gongkai-crawler/0.1 (+https://github.com/gongkai/gongkai; archives government information disclosure annual reports)";

/** Retried with backoff. 408 Request Timeout, 429 Too Many Requests, 5xx; 522/524 are CDN origin timeouts. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 522, 524]);

/** These slow the whole host down, not just the URL: the server said it is overloaded. */
export const HOST_BACKOFF_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Followed by hand so every hop is checked (scheme, host, robots, loop). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** 401/403/405 from a government site mean a WAF or an IP block, not a missing page (docs/crawl.md, "Blocks"). */
export const BLOCK_STATUSES: ReadonlySet<number> = new Set([401, 403, 405]);

/**
 * Anti-bot challenge signatures: recorded as BLOCKED and never parsed (docs/crawl.md, "Blocks"). We do not
 * reverse-engineer the scripts; a browser lane may come later as an opt-in plug-in.
 */
export const CHALLENGES: readonly { cls: string; status?: number; pattern: RegExp }[] = [
  { cls: "challenge:ruishu", status: 412, pattern: /\$_ts|\$_ts\s*=|_\$[a-zA-Z]{2}/ }, // 瑞数: HTTP 412 + $_ts script
  { cls: "challenge:jiasule", status: 521, pattern: /__jsl_clearance|__jsluid/ }, // 加速乐: HTTP 521 + cookie script
  { cls: "challenge:wzws", pattern: /wzwsconfirm|wzwschallenge|wzwstemplate/ }, // 网站卫士
  { cls: "challenge:ruishu", status: 202, pattern: /\$_ts\s*=/ }, // some 瑞数 deployments answer 202
];

/** Text of WAF block pages served with 200 (safedog, 云锁, 创宇盾 …). Only checked on short pages. */
export const WAF_TEXT =
  /访问异常|访问受限|请求被拦截|已被拦截|拦截了您的|非法请求|安全狗|网站防火墙|您的访问被阻断|访问被拒绝|Access Denied|Request blocked/i;
/** A page shorter than this (characters of text) is checked against WAF_TEXT and SOFT_404_TEXT. */
export const SHORT_PAGE_CHARS = 600;
/** 200 responses that say "not found" (docs/crawl.md, "Blocks": soft 404s). */
export const SOFT_404_TEXT =
  /页面不存在|您访问的页面不存在|找不到该页面|404\s*Not\s*Found|页面没有找到|该信息已删除|信息不存在/i;

/** Attachment file extensions found on report pages (docs/crawl.md, "Archive": PDF mostly, also DOC/DOCX, WPS, XLS, RTF, OFD). */
export const ATTACHMENT_EXT = /\.(pdf|docx?|wps|xlsx?|et|rtf|ofd)(?:$|[?#])/i;

/**
 * Images on a report page that may be its tables printed as pictures (docs/crawl.md, "Report pages"):
 * fetched only when the page's text lacks section 三's table (REPORT_TABLE_TEXT), only JPEG and PNG, at
 * most REPORT_IMAGES_MAX a page, never a logo, icon, banner or QR code, never one declared smaller than
 * REPORT_IMAGE_MIN_PX on a side. They are fetched as attachments (size cap `maxDocumentBytes`) and OCR'd.
 */
export const REPORT_IMAGE_EXT = /\.(jpe?g|png)(?:$|[?#])/i;
export const REPORT_IMAGE_SKIP = /logo|icon|banner|qrcode|erweima|ewm|share|btn|button|arrow|bg[._-]|spacer|blank/i;
export const REPORT_IMAGE_MIN_PX = 200;
export const REPORT_IMAGES_MAX = 12;
/** Words of section 三's table (the form's, src/parse/formats/): a page that prints them has its tables as text. */
export const REPORT_TABLE_TEXT = new RegExp(formats.REQUEST_TABLE_MARKERS.join("|"));

/** Link text of "next page" links on generic list pages. */
export const NEXT_PAGE_TEXT = /^(下一页|下页|下一頁|后页|後頁|next|›|»|>)$/i;

/** Robots answers older than this are refetched (RFC 9309 §2.4: caching beyond 24 h is discouraged). */
export const ROBOTS_TTL_MS = 24 * 3600_000;

/** Crawl-delay is honoured up to this cap; longer delays would stall a nightly run (docs/crawl.md, "Politeness"). */
export const CRAWL_DELAY_CAP_MS = 60_000;

/** Adaptive delay never grows past this (docs/crawl.md, "Politeness"). */
export const ADAPTIVE_DELAY_CAP_MS = 30_000;
