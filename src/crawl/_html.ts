// Link discovery on list and report pages, over the parser's one-pass tokenizer (src/parse/_html-scan.ts).
import { collapseText, decodeEntities, tokenize } from "../parse/index.ts";

export interface Anchor {
  href: string;
  text: string;
  title: string;
}

type AttrName = "href" | "title" | "src" | "width" | "height";
const ATTR: Record<AttrName, RegExp> = {
  href: /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
  title: /\stitle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
  src: /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
  width: /\swidth\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
  height: /\sheight\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
};

function attr(tag: string, name: AttrName): string | undefined {
  const m = ATTR[name].exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? "").trim() : undefined;
}

/**
 * Every `<a href>` with its text and title attribute, in document order. Scripts and comments are skipped.
 * An anchor ends at `</a>` or, as in a browser, where the next `<a>` begins.
 */
export function extractAnchors(html: string): Anchor[] {
  const out: Anchor[] = [];
  let cur: { attrs: string; parts: string[] } | undefined;
  const finish = () => {
    if (!cur) return;
    const tag = ` ${cur.attrs}`;
    const href = attr(tag, "href");
    if (href !== undefined && href !== "")
      out.push({ href, text: collapseText(cur.parts.join("")), title: attr(tag, "title") ?? "" });
    cur = undefined;
  };
  tokenize(html, (t) => {
    if (t.type === "open" && t.name === "a") {
      finish();
      cur = { attrs: t.attrs, parts: [] };
    } else if (t.type === "close" && t.name === "a") finish();
    else if (cur) cur.parts.push(t.type === "text" ? t.text : " ");
  });
  finish();
  return out;
}

export interface PageImage {
  src: string;
  /** The declared size in pixels, when the tag gives one (`width="40"`). */
  width?: number;
  height?: number;
}

/** Every `<img src>` in document order (scripts and comments skipped). */
export function extractImages(html: string): PageImage[] {
  const out: PageImage[] = [];
  tokenize(html, (t) => {
    if (t.type !== "open" || t.name !== "img") return;
    const tag = ` ${t.attrs}`;
    const src = attr(tag, "src");
    if (!src) return;
    const width = Number.parseInt(attr(tag, "width") ?? "", 10);
    const height = Number.parseInt(attr(tag, "height") ?? "", 10);
    out.push({ src, ...(width > 0 ? { width } : {}), ...(height > 0 ? { height } : {}) });
  });
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
