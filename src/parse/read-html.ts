// HTML report pages and fragments (docs/spec/FORMATS.md §10.2, docs/parse.md): the report body is found on
// the CMS page, each data <table> is expanded into a grid, and its anchor cells are handed to the
// assembler row by row, as `cell` segments; headings and prose become non-cell segments. A colspan
// value cell is one segment (one value). Tables are located later by their labels, never by index.
import { load } from "cheerio/slim";
import type { AnyNode, Element } from "domhandler";
import { findReportBody, isChrome, parsePageMeta, scanPage } from "./_html-body.ts";
import { isBlock, isElement, isHidden, LineBuffer, nodeData } from "./_html-text.ts";
import { type Grid, type GridCell, parseGrid } from "./_grid.ts";
import { looksLikeValue } from "./normalize.ts";
import { isGluedText, readGluedText } from "./read-glued.ts";
import { isBarText, readBarText } from "./read-text.ts";
import type { Flag, ReadDoc, Segment } from "./types.ts";

/** Lines of page chrome that are never part of a report (print/close/share bars, font-size pickers). */
const CHROME_LINE_RE =
  /^(?:回到顶部|返回顶部|打印本页|关闭窗口|【打印】|【关闭】|【打印本页】|【关闭窗口】|\[打印\]|\[关闭\]|分享到[:：]?.*|字号[:：]?.*|【字体[:：].*|当前位置[:：].*|您(?:现在)?的?位置[:：].*|扫一扫.*)$/;

export function isHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<\?xml|<!--|<html|<head|<meta|<title|<body|<table|<div|<p[\s>]|<section|<article|<center|<span|<font|<h[1-6][\s>])/i.test(
    text.slice(0, 2048),
  );
}

type Kind = "empty" | "value" | "label";

function kindOf(cell: GridCell): Kind {
  if (cell.text === "") return "empty";
  return looksLikeValue(cell.text) ? "value" : "label";
}

/** Fewer values than this in a table that holds tables: a layout table (a stray page number, a date). */
const LAYOUT_MAX_VALUES = 3;

/** A table is layout when it is a single cell, or holds tables in its cells and (almost) no values of its own. */
function isLayout(grid: Grid): boolean {
  if (grid.cells <= 1) return true;
  if (grid.nested.length === 0) return false;
  return grid.rows.flat().filter((c) => kindOf(c) === "value").length < LAYOUT_MAX_VALUES;
}

/** Columns where some cell of the table prints something (a column empty in every row is padding). */
function liveColumns(grid: Grid): boolean[] {
  const live = new Array<boolean>(grid.width).fill(false);
  for (const line of grid.slots)
    line.forEach((cell, c) => {
      if (cell && cell.text !== "") live[c] = true;
    });
  return live;
}

class Walker {
  readonly segments: Segment[] = [];
  readonly lines: string[] = [];
  readonly flags: Flag[] = [];
  private readonly buf = new LineBuffer();
  /** Data tables read so far (layout tables are not counted). */
  tables = 0;
  private texts = 0;

  constructor(private readonly lengths: ReadonlyMap<AnyNode, number>) {}

  walk(nodes: readonly AnyNode[]): void {
    for (const n of nodes) {
      const data = nodeData(n);
      if (data !== undefined) {
        this.buf.add(data);
        continue;
      }
      if (!isElement(n) || isHidden(n) || isChrome(n, this.lengths)) continue;
      if (n.name === "table") {
        this.flush();
        this.table(n);
        continue;
      }
      const block = isBlock(n);
      if (block) this.flush();
      if (n.name !== "br") this.walk(n.children);
      if (block) this.flush();
    }
  }

  flush(): void {
    const line = this.buf.flush();
    if (line === undefined || CHROME_LINE_RE.test(line)) return;
    this.segments.push({ text: line, cell: false, locator: `text ${++this.texts}` });
    this.lines.push(line);
  }

  private table(el: Element): void {
    const grid = parseGrid(el);
    if (isLayout(grid)) {
      // Report tables sit inside layout tables on some sites: their cells are page flow.
      for (const row of grid.rows) for (const cell of row) if (!isChrome(cell.el, this.lengths)) this.cellFlow(cell);
      return;
    }
    const t = ++this.tables;
    for (const k of el.children) {
      if (isElement(k) && k.name === "caption") {
        this.walk(k.children);
        this.flush();
      }
    }
    for (const f of grid.flags) this.flags.push({ key: null, code: f.code, message: `table ${t}: ${f.message}` });
    const live = liveColumns(grid);
    grid.rows.forEach((row, r) => this.row(t, r, row, live, grid.rows));
    // Inner tables are parsed separately, after the table that holds them (docs/parse.md).
    for (const inner of grid.nested) this.table(inner);
  }

  /** A layout cell's content, walked as page flow (its nested tables in place). */
  private cellFlow(cell: GridCell): void {
    this.flush();
    this.walk(cell.el.children);
    this.flush();
  }

  /**
   * One row's anchor cells. Empty cells count as blank values only in a row that prints a value,
   * after its first label, in a column something in the table is printed in: elsewhere (header
   * corners, a padding column) they are not cells of the form.
   */
  private row(
    t: number,
    r: number,
    row: readonly GridCell[],
    live: readonly boolean[],
    rows: readonly (readonly GridCell[])[],
  ): void {
    const kinds = row.map(kindOf);
    const hasValue = kinds.includes("value");
    const firstLabel = kinds.indexOf("label");
    let rowStart = true;
    const texts: string[] = [];
    // Values with no label of their own in this <tr>: the label is a rowspan cell from a row above.
    const firstValue = kinds.indexOf("value");
    if (firstValue >= 0 && (firstLabel < 0 || firstLabel > firstValue)) {
      const label = spannedLabel(rows, r, row[firstValue]!.col);
      if (label) {
        const locator = `table ${t} row ${label.row + 1} col ${label.col + 1} (rowspan)`;
        this.segments.push({ text: label.text, cell: true, rowStart: true, locator });
        rowStart = false;
      }
    }
    row.forEach((cell, i) => {
      const kind = kinds[i]!;
      if (
        kind === "empty" &&
        !(hasValue && i > firstLabel && live.slice(cell.col, cell.col + cell.colspan).includes(true))
      )
        return;
      const locator = `table ${t} row ${r + 1} col ${cell.col + 1}`;
      this.segments.push({ text: cell.text, cell: true, ...(rowStart ? { rowStart: true } : {}), locator });
      rowStart = false;
      if (cell.text) texts.push(cell.text.replace(/\n/g, ""));
      if (kind === "value" && cell.text.includes("\n")) {
        this.flags.push({
          key: null,
          code: "BR_IN_NUMBER",
          message: `${locator}: a line break inside the number '${cell.text.replace(/\n/g, "⏎")}'; read as '${cell.text.replace(/\s+/g, "")}'`,
        });
      }
    });
    if (texts.length) this.lines.push(texts.join(" "));
  }
}

/** The nearest label cell left of `col` whose rowspan, anchored in a row above, covers row `r`. */
function spannedLabel(rows: readonly (readonly GridCell[])[], r: number, col: number): GridCell | null {
  let best: GridCell | null = null;
  for (let above = r - 1; above >= 0 && r - above <= MAX_LABEL_SPAN; above--) {
    for (const c of rows[above]!) {
      if (c.row + c.rowspan <= r || c.col + c.colspan > col || kindOf(c) !== "label") continue;
      if (!best || c.col > best.col) best = c;
    }
  }
  return best;
}
/** How far up a spanning label is looked for: section 三's 三、本年度办理结果 spans 22 rows. */
const MAX_LABEL_SPAN = 32;

/**
 * Read an HTML page or fragment into segments for the assembler.
 *
 * @example
 * const doc = readHtml(html); // doc.shape === "html-table"; doc.meta.title from <meta name="ArticleTitle">
 */
export function readHtml(text: string): ReadDoc {
  const root = load(text).root()[0]!;
  const scan = scanPage(root);
  const meta = parsePageMeta(scan, text);
  const body = findReportBody(root, scan);
  const w = new Walker(body.lengths);
  w.walk("children" in body.node ? body.node.children : []);
  w.flush();
  const plain = w.lines.join("\n");
  if (w.tables === 0) {
    // No <table> at all: the cells were flattened into paragraphs before the page was published (or
    // re-wrapped by a crawler), so the text readers decide, and `source.shape` says which one read it.
    if (isBarText(plain)) return { shape: "bar-text", segments: readBarText(plain), text: plain, meta, flags: w.flags };
    if (isGluedText(plain))
      return { shape: "glued-text", segments: readGluedText(plain), text: plain, meta, flags: w.flags };
  }
  return { shape: "html-table", segments: w.segments, text: plain, meta, flags: w.flags };
}
