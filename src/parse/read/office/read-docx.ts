// DOCX (WordprocessingML; WPS Office's .docx too): the document's own tables, with their merged
// cells (w:gridSpan across, w:vMerge down), become an HTML table with colspan/rowspan, and its
// paragraphs become <p>, so the HTML reader's grid model and walker read them exactly as they read
// a CMS page (docs/spec/FORMATS.md §10.2). Reading the XML directly (not mammoth): mammoth drops
// vMerge continuation cells' positions in some layouts and carries a large dependency tree; the part
// of WordprocessingML a report's tables use is small. Headers, footers, comments and deleted
// revisions are not body text and are left out.
import type { Element } from "domhandler";
import { attr, escapeHtml, isEl, kid, kids, local, parseXml } from "./_xml.ts";
import { zipEntries, zipText } from "./_zip.ts";

export class OfficeFormatError extends Error {
  override readonly name = "OfficeFormatError";
}

/** Runs whose text is not the document's: deleted revisions, field codes, the fallback copy of a text box. */
const SKIP = new Set(["del", "delText", "instrText", "Fallback", "rPr", "pPr", "tblPr", "trPr", "tcPr", "sectPr"]);

/** A paragraph's text: w:t runs, tabs and breaks as spaces/newlines, symbols and no-break hyphens. */
function paraText(p: Element): string {
  let s = "";
  const walk = (e: Element): void => {
    for (const n of e.children) {
      if (n.type === "text") continue;
      if (!isEl(n)) continue;
      const name = local(n);
      if (SKIP.has(name)) continue;
      if (name === "t")
        s += n.children.map((c) => (c.type === "text" ? (c as unknown as { data: string }).data : "")).join("");
      else if (name === "tab" || name === "ptab") s += " ";
      else if (name === "br" || name === "cr") s += "\n";
      else if (name === "noBreakHyphen") s += "-";
      else if (name === "p") {
        // A text box inside a run: its paragraphs on lines of their own.
        s += `\n${paraText(n)}\n`;
      } else walk(n);
    }
  };
  walk(p);
  return s;
}

interface Tc {
  col: number;
  span: number;
  /** "restart" opens a vertical merge, "continue" extends the one above; undefined: none. */
  vMerge: "restart" | "continue" | undefined;
  html: string;
  rowspan: number;
}

/** The block content of a body, a cell or a content control, as HTML. */
function blocks(parent: Element, out: string[]): void {
  for (const n of parent.children) {
    if (!isEl(n)) continue;
    const name = local(n);
    if (name === "p") {
      const t = paraText(n);
      out.push(`<p>${escapeHtml(t).replace(/\n/g, "<br>")}</p>`);
    } else if (name === "tbl") out.push(table(n));
    else if (name === "sdt") {
      const c = kid(n, "sdtContent");
      if (c) blocks(c, out);
    } else if (name === "customXml" || name === "smartTag" || name === "ins") blocks(n, out);
  }
}

function cellsOfRow(tr: Element): Element[] {
  const out: Element[] = [];
  for (const n of kids(tr)) {
    const name = local(n);
    if (name === "tc") out.push(n);
    else if (name === "sdt" || name === "customXml") {
      const c = name === "sdt" ? kid(n, "sdtContent") : n;
      if (c) out.push(...kids(c, "tc"));
    }
  }
  return out;
}

function rowsOfTable(tbl: Element): Element[] {
  const out: Element[] = [];
  for (const n of kids(tbl)) {
    const name = local(n);
    if (name === "tr") out.push(n);
    else if (name === "sdt" || name === "customXml") {
      const c = name === "sdt" ? kid(n, "sdtContent") : n;
      if (c) out.push(...kids(c, "tr"));
    }
  }
  return out;
}

const intVal = (e: Element | undefined, fallback: number): number => {
  const v = Number.parseInt(attr(e, "val") ?? "", 10);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** One w:tbl as an HTML <table>: vertical merges become rowspan on the cell that opens them. */
function table(tbl: Element): string {
  const rows: (Tc | null)[][] = [];
  for (const tr of rowsOfTable(tbl)) {
    const trPr = kid(tr, "trPr");
    let col = intVal(trPr && kid(trPr, "gridBefore"), 0);
    const line: (Tc | null)[] = [];
    // Grid columns skipped before the first cell still occupy slots (an empty cell keeps alignment).
    if (col > 0) line.push({ col: 0, span: col, vMerge: undefined, html: "", rowspan: 1 });
    for (const tc of cellsOfRow(tr)) {
      const pr = kid(tc, "tcPr");
      const span = intVal(pr && kid(pr, "gridSpan"), 1);
      const vm = pr && kid(pr, "vMerge");
      const vMerge = vm ? (attr(vm, "val") === "restart" ? "restart" : "continue") : undefined;
      // Legacy horizontal merge (w:hMerge): a continuation cell widens the previous one.
      const hm = pr && kid(pr, "hMerge");
      const prev = line[line.length - 1];
      if (hm && attr(hm, "val") !== "restart" && prev) {
        prev.span += span;
        col += span;
        continue;
      }
      const inner: string[] = [];
      blocks(tc, inner);
      line.push({ col, span, vMerge, html: inner.join(""), rowspan: 1 });
      col += span;
    }
    rows.push(line);
  }
  // A continuation cell extends the merge opened above it at the same grid column; any other cell
  // over that column closes it. A continuation with nothing open above stays a cell of its own.
  const open = new Map<number, Tc>();
  for (const line of rows) {
    line.forEach((c, i) => {
      if (!c) return;
      const anchor = open.get(c.col);
      if (c.vMerge === "continue" && anchor && anchor.span === c.span) {
        anchor.rowspan++;
        line[i] = null;
        return;
      }
      for (const k of [...open.keys()]) if (k >= c.col && k < c.col + c.span) open.delete(k);
      if (c.vMerge === "restart") open.set(c.col, c);
    });
  }
  const html = rows.map((line) => {
    const tds = line
      .filter((c): c is Tc => c !== null)
      .map((c) => {
        const span = (c.span > 1 ? ` colspan="${c.span}"` : "") + (c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : "");
        return `<td${span}>${c.html}</td>`;
      });
    return `<tr>${tds.join("")}</tr>`;
  });
  return `<table>${html.join("")}</table>`;
}

/** The main document part's name, from [Content_Types].xml (WPS and some tools do not use word/document.xml). */
function mainPart(types: string | undefined): string {
  const m = types?.match(
    /PartName="\/([^"]+)"[^>]*ContentType="application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml"/,
  );
  return m?.[1] ?? "word/document.xml";
}

/** A DOCX package's body as HTML. Throws OfficeFormatError when it has no WordprocessingML body. */
export function docxToHtml(bytes: Uint8Array): string {
  const entries = zipEntries(bytes);
  const name = mainPart(zipText(bytes, entries, "[Content_Types].xml"));
  const xml = zipText(bytes, entries, name);
  if (xml === undefined) throw new OfficeFormatError(`the package has no ${name}`);
  const doc = parseXml(xml).find((e) => local(e) === "document");
  const body = doc && kid(doc, "body");
  if (!body) throw new OfficeFormatError(`${name} has no w:body`);
  const out: string[] = [];
  blocks(body, out);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${out.join("\n")}</body></html>`;
}
