// Text of HTML nodes as a reader sees it: block elements and <br> break lines, hidden and
// non-content elements are dropped, whitespace (NBSP and U+3000 included) collapses, NFKC applies.
// Works on domhandler nodes (cheerio's tree) directly: it runs once per node of every page.
import type { AnyNode, Element } from "domhandler";
import { normalizeText } from "./normalize.ts";

/** Elements whose content is never report text. */
const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "select",
  "option",
  "button",
  "input",
  "textarea",
  "svg",
  "canvas",
  "map",
  "title",
  "link",
  "meta",
]);
/** Elements that start and end a line (CSS block boxes by default, plus <br>). */
const BLOCK = new Set([
  "p",
  "div",
  "br",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "tr",
  "td",
  "th",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "caption",
  "section",
  "article",
  "aside",
  "blockquote",
  "pre",
  "header",
  "footer",
  "nav",
  "main",
  "center",
  "form",
  "fieldset",
  "address",
  "figure",
  "figcaption",
  "hr",
  "body",
  "html",
]);

export function isElement(n: AnyNode): n is Element {
  const t: string = n.type;
  return t === "tag" || t === "script" || t === "style";
}

export function nodeData(n: AnyNode): string | undefined {
  const t: string = n.type;
  return t === "text" ? (n as { data: string }).data : undefined;
}

export function isBlock(el: Element): boolean {
  return BLOCK.has(el.name);
}

/** Not rendered: skipped tags, the `hidden` attribute, or an inline `display:none`. */
export function isHidden(el: Element): boolean {
  if (SKIP.has(el.name)) return true;
  if (el.attribs.hidden !== undefined) return true;
  const style = el.attribs.style;
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** Collapse whitespace inside a line; NBSP (`&nbsp;`) and the ideographic space are spaces (docs/spec/FORMATS.md §10.2). */
export function cleanLine(s: string): string {
  return normalizeText(s.replace(/[\s\u00A0\u3000]+/g, " ")).trim();
}

/** Accumulates text into lines; block boundaries end the current line. */
export class LineBuffer {
  readonly lines: string[] = [];
  private cur = "";

  add(text: string): void {
    this.cur += text;
  }

  /** End the current line; empty lines vanish. */
  flush(): string | undefined {
    const line = cleanLine(this.cur);
    this.cur = "";
    if (line === "") return undefined;
    this.lines.push(line);
    return line;
  }
}

/**
 * The text lines of `nodes`. Nested tables are not descended into: each is handed to `onTable`
 * (a cell's text never includes an inner table's cells).
 */
export function collectLines(nodes: readonly AnyNode[], buf: LineBuffer, onTable?: (table: Element) => void): void {
  for (const n of nodes) {
    const data = nodeData(n);
    if (data !== undefined) {
      buf.add(data);
      continue;
    }
    if (!isElement(n) || isHidden(n)) continue;
    if (n.name === "table") {
      buf.flush();
      onTable?.(n);
      continue;
    }
    const block = isBlock(n);
    if (block) buf.flush();
    if (n.name !== "br") collectLines(n.children, buf, onTable);
    if (block) buf.flush();
  }
}

/** Plain text of an element, lines joined with "\n" (used for cells, captions and page chrome). */
export function elementText(el: Element, onTable?: (table: Element) => void): string {
  const buf = new LineBuffer();
  collectLines(el.children, buf, onTable);
  buf.flush();
  return buf.lines.join("\n");
}

/** Leading integer of an attribute (`"2px"` → 2), the HTML way; undefined when there is none. */
export function leadingInt(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^\s*\+?(\d+)/.exec(v);
  return m ? Number(m[1]) : undefined;
}
