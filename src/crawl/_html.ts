// Minimal HTML scanning for list and report pages. A regex tokenizer, not a DOM: link discovery runs on
// every page and must cost well under a millisecond (the ≤ 2 ms per-request overhead budget).

export interface Anchor {
  href: string;
  text: string;
  title: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? "").trim() : undefined;
}

/** Strip tags, scripts and styles; collapse whitespace. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/[\s\u3000]+/g, " ")
    .trim();
}

/** Every `<a href>` with its text and title attribute, in document order. Scripts and comments are skipped. */
export function extractAnchors(html: string): Anchor[] {
  const clean = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<script\b(?![^>]*text\/xml)[^>]*>[\s\S]*?<\/script\s*>/gi, " ");
  const out: Anchor[] = [];
  const re = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    const tag = ` ${m[1] ?? ""}`;
    const href = attr(tag, "href");
    if (href === undefined || href === "") continue;
    out.push({ href, text: htmlToText(m[2] ?? ""), title: attr(tag, "title") ?? "" });
  }
  return out;
}

/** Resolve a link against its page; only http(s) results, fragment removed. */
export function resolveHref(href: string, base: string): string | undefined {
  if (/^\s*(javascript|mailto|tel|data):/i.test(href) || href.startsWith("#")) return undefined;
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    u.hash = "";
    return u.href;
  } catch {
    return undefined; // malformed hrefs are common on CMS pages; such a link is simply not followed
  }
}

/** Character count of the readable text, ignoring navigation noise is out of scope: a coarse measure. */
export function textLength(html: string): number {
  return htmlToText(html).length;
}
