// XLSX (SpreadsheetML; WPS's .et saved as .xlsx too): every sheet is read by cell (shared strings,
// inline strings, numbers) with its merged ranges, and becomes one HTML table with colspan/rowspan,
// so the HTML reader's grid model reads it like a page's table. A sheet's name is not report text.
import type { Element } from "domhandler";
import { attr, escapeHtml, find, kid, kids, local, parseXml, textOf } from "./_xml.ts";
import { zipEntries, zipText } from "./_zip.ts";
import { OfficeFormatError } from "./read-docx.ts";

/** Bounds on what is laid out (a report's form is ~40 × 12); beyond them a sheet is not a report table. */
const MAX_ROWS = 5000;
const MAX_COLS = 200;

export interface SheetCell {
  row: number;
  col: number;
  text: string;
}
export interface Sheet {
  name: string;
  cells: SheetCell[];
  /** Merged ranges, 0-based inclusive. */
  merges: { r0: number; c0: number; r1: number; c1: number }[];
}

/** `B12` → [11, 1] (0-based row, column). */
export function cellRef(ref: string): [number, number] | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.toUpperCase());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]) - 1, col - 1];
}

/** A stored number as printed: binary-float noise (`12.300000000000001`) is dropped. */
function numberText(v: string): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  return String(Number(n.toPrecision(12)));
}

const stringItem = (si: Element): string =>
  // <t> directly, or rich-text runs <r><t>; phonetic runs (<rPh>) are not printed text.
  kids(si)
    .map((k) => (local(k) === "t" ? textOf(k) : local(k) === "r" ? kids(k, "t").map(textOf).join("") : ""))
    .join("");

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const sst = parseXml(xml).find((e) => local(e) === "sst");
  return sst ? kids(sst, "si").map(stringItem) : [];
}

function readSheet(name: string, xml: string, strings: readonly string[]): Sheet {
  const ws = parseXml(xml).find((e) => local(e) === "worksheet");
  const cells: SheetCell[] = [];
  const merges: Sheet["merges"] = [];
  if (!ws) return { name, cells, merges };
  const data = kid(ws, "sheetData");
  for (const row of data ? kids(data, "row") : []) {
    let next = (Number(attr(row, "r")) || 1) - 1;
    let col = 0;
    for (const c of kids(row, "c")) {
      const at = cellRef(attr(c, "r") ?? "");
      const [r, cc] = at ?? [next, col];
      col = cc + 1;
      const t = attr(c, "t");
      const v = kid(c, "v");
      let text = "";
      if (t === "s") text = strings[Number(v ? textOf(v) : -1)] ?? "";
      else if (t === "inlineStr") text = find(c.children, "is").map(stringItem).join("");
      else if (t === "b") text = v ? (textOf(v) === "1" ? "TRUE" : "FALSE") : "";
      else if (v) text = t === "str" || t === "e" ? textOf(v) : numberText(textOf(v));
      if (text !== "" && r < MAX_ROWS && cc < MAX_COLS) cells.push({ row: r, col: cc, text });
      next = r;
    }
  }
  for (const m of find(ws.children, "mergeCell")) {
    const [a, b] = (attr(m, "ref") ?? "").split(":");
    const p = cellRef(a ?? "");
    const q = cellRef(b ?? a ?? "");
    if (p && q) merges.push({ r0: p[0], c0: p[1], r1: q[0], c1: q[1] });
  }
  return { name, cells, merges };
}

/** The sheets of an XLSX package in workbook order. Throws OfficeFormatError without a workbook. */
export function readXlsxSheets(bytes: Uint8Array): Sheet[] {
  const entries = zipEntries(bytes);
  const wbXml = zipText(bytes, entries, "xl/workbook.xml");
  if (wbXml === undefined) throw new OfficeFormatError("the package has no xl/workbook.xml");
  const rels = new Map<string, string>();
  for (const m of (zipText(bytes, entries, "xl/_rels/workbook.xml.rels") ?? "").matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) rels.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const strings = sharedStrings(zipText(bytes, entries, "xl/sharedStrings.xml"));
  const sheets: Sheet[] = [];
  for (const s of find(parseXml(wbXml), "sheet")) {
    const path = rels.get(attr(s, "id") ?? "");
    const xml = path ? zipText(bytes, entries, path) : undefined;
    if (xml !== undefined) sheets.push(readSheet(attr(s, "name") ?? "", xml, strings));
  }
  return sheets;
}

/** One sheet as an HTML table: a merged range is one cell with its spans, the cells it covers are not printed. */
export function sheetToHtml(sheet: Sheet): string {
  if (sheet.cells.length === 0) return "";
  const height = Math.max(...sheet.cells.map((c) => c.row)) + 1;
  // Columns up to the last one that prints something: a merge reaching past it (a prose line merged
  // across the sheet) would otherwise add an empty column the grid reader takes for a blank value.
  const width = Math.max(...sheet.cells.map((c) => c.col)) + 1;
  const text = new Map(sheet.cells.map((c) => [c.row * MAX_COLS + c.col, c.text]));
  const covered = new Set<number>();
  const spans = new Map<number, string>();
  for (const m of sheet.merges) {
    if (m.r0 >= height || m.c0 >= width) continue;
    const r1 = Math.min(m.r1, height - 1);
    const c1 = Math.min(m.c1, width - 1);
    for (let r = m.r0; r <= r1; r++)
      for (let c = m.c0; c <= c1; c++) if (r !== m.r0 || c !== m.c0) covered.add(r * MAX_COLS + c);
    const cs = c1 - m.c0 + 1;
    const rs = r1 - m.r0 + 1;
    spans.set(m.r0 * MAX_COLS + m.c0, (cs > 1 ? ` colspan="${cs}"` : "") + (rs > 1 ? ` rowspan="${rs}"` : ""));
  }
  const rows: string[] = [];
  for (let r = 0; r < height; r++) {
    let tr = "";
    for (let c = 0; c < width; c++) {
      const k = r * MAX_COLS + c;
      if (covered.has(k)) continue;
      tr += `<td${spans.get(k) ?? ""}>${escapeHtml(text.get(k) ?? "").replace(/\n/g, "<br>")}</td>`;
    }
    rows.push(`<tr>${tr}</tr>`);
  }
  return `<table>${rows.join("")}</table>`;
}

export function xlsxToHtml(bytes: Uint8Array): string {
  const tables = readXlsxSheets(bytes).map(sheetToHtml).filter(Boolean);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${tables.join("\n")}</body></html>`;
}
