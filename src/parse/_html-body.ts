// Where the report is on a CMS page, and what the page says about it (docs/spec/FORMATS.md §10.2):
// the body container by the CMS's class names, else by text density; page chrome (navigation,
// breadcrumbs, share buttons, footers) recognised so the walker can skip it; page metadata.
import type { AnyNode, Element } from "domhandler";
import { cleanLine, elementText, isElement, isHidden, nodeData } from "./_html-text.ts";
import type { PageMeta } from "./types.ts";

/** Article containers of the CMSs seen on government sites (TRS WCM, Hanweb, UCAP, DedeCMS…), by class and id. */
const EDITOR = {
  classes: new Set([
    "TRS_Editor",
    "TRS_UEDITOR",
    "trs_editor",
    "zoom",
    "article-content",
    "article_content",
    "articleContent",
    "detail-content",
    "detail_content",
    "xxgk_content",
    "pages_content",
    "wzcon",
    "con_text",
    "zw",
  ]),
  ids: new Set(["UCAP-CONTENT", "zoom", "Zoom", "fontzoom", "zw"]),
};
const GENERIC = {
  classes: new Set(["article", "content", "main-content", "detail"]),
  ids: new Set(["article", "content"]),
  tags: new Set(["article", "main"]),
};
/** A container must hold this share of the page's visible non-link text to be the body. */
const MIN_SHARE = 0.3;
/** Density descent: go into the child holding at least this share of its parent's text. */
const DESCEND_SHARE = 0.5;
/** Page chrome by class or id (navigation, breadcrumbs, share and print bars, footers). */
const CHROME_CLASS_RE =
  /(?:^|[\s_-])(?:breadcrumbs?|crumbs?|bread|position|location|share|bdshare|bdsharebuttonbox|footer|foot|nav|navbar|menu|toolbar|print|fontsize|font-size|pagination|pager|sidebar|related|qrcode|ewm)(?:$|[\s_-])/i;
/** An element this long is content even when its class says otherwise. */
const CHROME_MAX_TEXT = 300;

/** What one pass over the page collects: text lengths, body candidates, meta tags. */
export interface PageScan {
  /** Visible text length per element, links excluded (navigation is links; report text is not). */
  lengths: Map<AnyNode, number>;
  /** Visible <table>s inside each element (the body must keep all of them). */
  tables: Map<AnyNode, number>;
  editor: Element[];
  generic: Element[];
  metas: Element[];
  title?: Element;
  body?: Element;
}

function classify(el: Element, scan: PageScan): void {
  const id = el.attribs.id;
  const cls = el.attribs.class;
  const is = (spec: { classes: Set<string>; ids: Set<string> }) =>
    (id !== undefined && spec.ids.has(id)) || cls?.split(/\s+/).some((c) => spec.classes.has(c));
  if (el.name === "meta") scan.metas.push(el);
  else if (el.name === "title") scan.title ??= el;
  else if (el.name === "body") scan.body ??= el;
  if (is(EDITOR)) scan.editor.push(el);
  else if (GENERIC.tags.has(el.name) || is(GENERIC)) scan.generic.push(el);
}

/** Characters that are not whitespace (a loop: this runs on every text node of the page). */
function visibleLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c !== 0xa0 && c !== 0x3000) n++;
  }
  return n;
}

function measure(node: AnyNode, scan: PageScan, inLink: boolean): number {
  const data = nodeData(node);
  if (data !== undefined) return inLink ? 0 : visibleLength(data);
  if (!("children" in node)) return 0;
  let link = inLink;
  if (isElement(node)) {
    classify(node, scan);
    if (isHidden(node)) return 0;
    link ||= node.name === "a";
  }
  let n = 0;
  let t = isElement(node) && node.name === "table" ? 1 : 0;
  for (const k of node.children) {
    n += measure(k, scan, link);
    t += scan.tables.get(k) ?? 0;
  }
  scan.lengths.set(node, n);
  if (t) scan.tables.set(node, t);
  return n;
}

/** One walk over the page's tree (css-select would walk it once per selector). */
export function scanPage(root: AnyNode): PageScan {
  const scan: PageScan = { lengths: new Map(), tables: new Map(), editor: [], generic: [], metas: [] };
  measure(root, scan, false);
  return scan;
}

function hasTableInside(el: Element): boolean {
  for (const k of el.children) {
    if (!isElement(k)) continue;
    if (k.name === "table" || hasTableInside(k)) return true;
  }
  return false;
}

/** Navigation, breadcrumbs, share bars and footers; never an element holding a table or much text. */
export function isChrome(el: Element, lengths: ReadonlyMap<AnyNode, number>): boolean {
  const tag = el.name === "nav" || el.name === "footer";
  const cls = `${el.attribs.class ?? ""} ${el.attribs.id ?? ""}`;
  if (!tag && !CHROME_CLASS_RE.test(cls)) return false;
  return (lengths.get(el) ?? 0) < CHROME_MAX_TEXT && !hasTableInside(el);
}

function isAncestor(a: AnyNode, b: AnyNode): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

/** A report split over sibling containers holds this share of the page's text in each part. */
const PART_SHARE = 0.1;

function commonAncestor(a: AnyNode, b: AnyNode): AnyNode {
  const seen = new Set<AnyNode>();
  for (let p: AnyNode | null = a; p; p = p.parent) seen.add(p);
  for (let p: AnyNode | null = b; p; p = p.parent) if (seen.has(p)) return p;
  return a;
}

/**
 * The candidate with the most text; then a candidate inside it holding nearly all of it (less
 * chrome). When other, disjoint candidates also hold a good share (a report split over two editor
 * divs), their common ancestor.
 */
function bestOf(cands: readonly Element[], lengths: ReadonlyMap<AnyNode, number>, total: number): AnyNode | undefined {
  let best: AnyNode | undefined = pickBest(cands, lengths);
  if (!best) return undefined;
  for (const c of cands) {
    if (c === best || isAncestor(best, c) || isAncestor(c, best)) continue;
    if ((lengths.get(c) ?? 0) >= PART_SHARE * total) best = commonAncestor(best, c);
  }
  return best;
}

function pickBest(cands: readonly Element[], lengths: ReadonlyMap<AnyNode, number>): Element | undefined {
  let best: Element | undefined;
  for (const c of cands) if (!best || (lengths.get(c) ?? 0) > (lengths.get(best) ?? 0)) best = c;
  for (let changed = true; best && changed; ) {
    changed = false;
    const bl = lengths.get(best) ?? 0;
    for (const c of cands) {
      if (c !== best && isAncestor(best, c) && (lengths.get(c) ?? 0) >= 0.9 * bl) {
        best = c;
        changed = true;
        break;
      }
    }
  }
  return best;
}

/** Elements the density descent may enter: containers, never a paragraph or an inline run. */
const CONTAINERS = new Set([
  "div",
  "section",
  "article",
  "main",
  "center",
  "form",
  "table",
  "tbody",
  "thead",
  "tr",
  "td",
  "th",
  "font",
  "span",
]);

/**
 * Text density: from the page body, descend into the child holding most of the text, as long as
 * it is a container holding every table of its parent (the report's tables are what matter) and
 * is not itself a data table.
 */
function densest(start: AnyNode, scan: PageScan): AnyNode {
  const { lengths, tables } = scan;
  let node = start;
  for (;;) {
    const total = lengths.get(node) ?? 0;
    if (!("children" in node) || total === 0) return node;
    let top: Element | undefined;
    for (const k of node.children) {
      if (isElement(k) && (!top || (lengths.get(k) ?? 0) > (lengths.get(top) ?? 0))) top = k;
    }
    if (!top || !CONTAINERS.has(top.name) || (lengths.get(top) ?? 0) < DESCEND_SHARE * total) return node;
    const own = isElement(node) && node.name === "table" ? 1 : 0;
    if ((tables.get(top) ?? 0) < (tables.get(node) ?? 0) - own) return node;
    if (top.name === "table" && (tables.get(top) ?? 0) === 1) return node;
    node = top;
  }
}

export interface ReportBody {
  /** The node whose children hold the report. */
  node: AnyNode;
  /** How it was found: a CMS container, a generic container, text density, or the whole fragment. */
  how: "editor" | "generic" | "density" | "document";
  lengths: ReadonlyMap<AnyNode, number>;
}

export function findReportBody(root: AnyNode, scan: PageScan): ReportBody {
  const { lengths } = scan;
  const total = lengths.get(root) ?? 0;
  if (!scan.body) return { node: root, how: "document", lengths };
  for (const [cands, how] of [
    [scan.editor, "editor"],
    [scan.generic, "generic"],
  ] as const) {
    const best = bestOf(cands, lengths, total);
    if (best && (lengths.get(best) ?? 0) >= MIN_SHARE * total) return { node: best, how, lengths };
  }
  return { node: densest(scan.body, scan), how: "density", lengths };
}

// ---------- page metadata ----------

const DATE_RE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
/** A date labelled on the page (`发布日期：2024-01-05`, possibly across tags), outside the meta tags. */
const LABELLED_DATE_RE =
  /(?:发布|发文|成文)(?:日期|时间)[^\u4e00-\u9fff]{0,80}?(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
const TITLE_META = ["articletitle", "title", "og:title", "dc.title"];
const DATE_META = [
  "pubdate",
  "publishdate",
  "firstpublishedtime",
  "article:published_time",
  "dc.date",
  "dcterms.issued",
  "createdate",
];
const COLUMN_META = ["columnname", "columntype"];

function isoDate(s: string | undefined, re: RegExp = DATE_RE): string | undefined {
  const m = s ? re.exec(s) : null;
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * `<title>` minus the site and column names CMSs append (`报告_年报_某某政府`). A title with no
 * part naming a report (a column page's `政府信息公开年报_…`) gives none: the text decides then.
 */
function titleFromTag(t: string): string | undefined {
  const parts = t
    .split(/\s*[_|｜]\s*|\s+[-—]+\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.find((p) => /报告/.test(p));
}

/** Page metadata: `<meta name="ArticleTitle|PubDate|ColumnName">`, then `<title>`, then a labelled `发布日期`. */
export function parsePageMeta(scan: PageScan, html: string): PageMeta {
  const metas = new Map<string, string>();
  for (const el of scan.metas) {
    const name = (el.attribs.name ?? el.attribs.property ?? "").trim().toLowerCase();
    const content = cleanLine(el.attribs.content ?? "");
    if (name && content && !metas.has(name)) metas.set(name, content);
  }
  const first = (names: readonly string[]) => names.map((n) => metas.get(n)).find((v) => v !== undefined && v !== "");
  const out: PageMeta = {};
  const title = first(TITLE_META) ?? (scan.title ? titleFromTag(elementText(scan.title)) : undefined);
  if (title) out.title = title;
  const published = isoDate(first(DATE_META)) ?? isoDate(html, LABELLED_DATE_RE);
  if (published) out.published = published;
  const column = first(COLUMN_META);
  if (column) out.column = column;
  return out;
}
