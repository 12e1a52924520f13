// Link discovery on list and report pages, over the parser's one-pass tokenizer (src/parse/_html-scan.ts).
import { collapseText, decodeEntities, htmlToText, tokenize } from "../parse/index.ts";

export { htmlToText };

export interface Anchor {
  href: string;
  text: string;
  title: string;
}

const ATTR: Record<"href" | "title", RegExp> = {
  href: /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
  title: /\stitle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
};

function attr(tag: string, name: "href" | "title"): string | undefined {
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

/** Character count of the readable text (a coarse measure: navigation text counts too). */
export function textLength(html: string): number {
  return htmlToText(html).length;
}
