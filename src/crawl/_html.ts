// Minimal HTML scanning for list and report pages: a one-pass tokenizer, not a DOM. Link discovery runs on
// every page and must cost well under a millisecond, and it must stay linear on hostile input (unclosed
// `<a>`, `<!--` or `<script>` repeated up to the page cap): every search moves forward and a search that
// finds nothing ends the scan, so no character is looked at more than a constant number of times.

export interface Anchor {
  href: string;
  text: string;
  title: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,8}|#\d{1,9}|[a-z]{1,10}\d{0,2});/gi, (m, e: string) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
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

function isNameChar(c: number): boolean {
  // [A-Za-z0-9_:-]
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x3a) || c === 0x5f || c === 0x2d;
}

/** Elements whose content is not markup. */
const RAW_TEXT = new Set(["script", "style", "noscript", "textarea", "title"]);

export type Token =
  | { type: "text"; text: string }
  | { type: "open"; name: string; attrs: string }
  | { type: "close"; name: string };

/**
 * Tokens of an HTML (or Hanweb XML) string in document order. Comments and declarations are dropped;
 * raw-text elements (script, style…) are dropped too, except a `<script type="text/xml">` (Hanweb's
 * `<datastore>`), whose content is tokenized like the page, and `<title>`, whose text is kept.
 */
export function tokenize(html: string, onToken: (t: Token) => void): void {
  const n = html.length;
  let i = 0;
  const text = (from: number, to: number) => {
    if (to > from) onToken({ type: "text", text: html.slice(from, to) });
  };
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    text(i, lt);
    const c = html.charCodeAt(lt + 1);
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      if (end < 0) return; // an unclosed comment hides the rest of the page, as in a browser
      i = end + 3;
      continue;
    }
    if (html.startsWith("<![CDATA[", lt)) {
      i = lt + 9; // Hanweb records wrap markup in CDATA: read through it
      continue;
    }
    const isClose = c === 0x2f; // '/'
    const nameStart = isClose ? lt + 2 : lt + 1;
    const first = html.charCodeAt(nameStart);
    const isLetter = (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a);
    if (c === 0x21 || c === 0x3f || (isClose && !isLetter)) {
      // <!DOCTYPE …>, <?xml …?>, </ 3>: skipped up to the next '>'
      const gt = html.indexOf(">", lt + 1);
      if (gt < 0) return;
      i = gt + 1;
      continue;
    }
    if (!isLetter) {
      text(lt, lt + 1); // a lone '<' is text
      i = lt + 1;
      continue;
    }
    const gt = html.indexOf(">", nameStart);
    if (gt < 0) {
      text(lt, n); // an unclosed tag at the end: the rest is text, as the old regex saw it
      return;
    }
    let k = nameStart;
    while (k < gt && isNameChar(html.charCodeAt(k))) k++;
    const name = html.slice(nameStart, k).toLowerCase();
    if (isClose) {
      onToken({ type: "close", name });
      i = gt + 1;
      continue;
    }
    const attrs = html.slice(k, gt);
    onToken({ type: "open", name, attrs });
    i = gt + 1;
    if (RAW_TEXT.has(name) && !(name === "script" && /text\/xml/i.test(attrs))) {
      const re = new RegExp(`</${name}\\s*>`, "gi");
      re.lastIndex = i;
      const m = re.exec(html);
      const end = m ? m.index : n;
      if (name === "title" || name === "textarea") text(i, end);
      onToken({ type: "close", name });
      if (!m) return;
      i = end + m[0].length;
    }
  }
  if (i < n) text(i, n);
}

function collapse(s: string): string {
  return decodeEntities(s)
    .replace(/[\s\u3000]+/g, " ")
    .trim();
}

/** Strip tags, scripts and styles; collapse whitespace. */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  tokenize(html, (t) => {
    if (t.type === "text") parts.push(t.text);
    else parts.push(" ");
  });
  return collapse(parts.join(""));
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
      out.push({ href, text: collapse(cur.parts.join("")), title: attr(tag, "title") ?? "" });
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

/** Character count of the readable text (a coarse measure: navigation text counts too). */
export function textLength(html: string): number {
  return htmlToText(html).length;
}
