// XML parts of an Office package as a DOM (htmlparser2 in XML mode, the parser cheerio uses), and the
// little helpers the DOCX and XLSX readers share. Names keep their prefixes (`w:tc`, `x:c` is rare:
// SpreadsheetML is the default namespace), which is how Office and LibreOffice both write them.
import type { AnyNode, Element } from "domhandler";
import { parseDocument } from "htmlparser2";

/** Top-level elements; entities decoded. htmlparser2 directly: cheerio's wrapper cost 5× the parse. */
export function parseXml(xml: string): Element[] {
  return parseDocument(xml, { xmlMode: true, decodeEntities: true }).children.filter(isEl);
}

export const isEl = (n: AnyNode): n is Element => n.type === "tag";

/** Local name without the namespace prefix (`w:tbl` → `tbl`). */
export const local = (e: Element): string => {
  const i = e.name.indexOf(":");
  return i < 0 ? e.name : e.name.slice(i + 1);
};

export const kids = (e: Element, name?: string): Element[] =>
  e.children.filter((n): n is Element => isEl(n) && (name === undefined || local(n) === name));

export const kid = (e: Element, name: string): Element | undefined => kids(e, name)[0];

/** Depth-first elements with this local name (not descending into a match). */
export function find(nodes: readonly AnyNode[], name: string, out: Element[] = []): Element[] {
  for (const n of nodes) {
    if (!isEl(n)) continue;
    if (local(n) === name) out.push(n);
    else find(n.children, name, out);
  }
  return out;
}

/** An attribute by local name (`w:val`, `val`). */
export function attr(e: Element | undefined, name: string): string | undefined {
  if (!e) return undefined;
  for (const [k, v] of Object.entries(e.attribs)) if (k === name || k.endsWith(`:${name}`)) return v;
  return undefined;
}

export const textOf = (e: Element): string =>
  e.children
    .map((n) => (n.type === "text" ? (n as unknown as { data: string }).data : isEl(n) ? textOf(n) : ""))
    .join("");

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
export const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ESC[c]!);
