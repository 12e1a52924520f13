// The HTML table model (docs/parse.md): rowspan/colspan expanded into a rectangular grid of slots.
// Rows are the direct-child <tr>s of each row group only, so a nested table never leaks rows into
// its parent; spans are clipped at the end of their row group. Two views are kept: anchor cells
// (each printed cell once, for values) and span-copied slots (for header paths).
import type { AnyNode, Element } from "domhandler";
import { elementText, isElement, isHidden, leadingInt } from "./_html-text.ts";

/** HTML's limits on spans (WHATWG table model). */
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 65534;

export interface GridCell {
  /** Lines of the cell (from <br>, <p>, <div>) joined with "\n"; whitespace collapsed, NFKC. */
  text: string;
  /** Anchor slot (0-based). */
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
  th: boolean;
  /** The <td>/<th> element (a layout table's cells are walked as page flow). */
  el: Element;
  /** Tables inside this cell: left out of its text, parsed separately by the caller. */
  nested: Element[];
}

export type GridCode = "COLSPAN_ZERO" | "SPAN_CLIPPED" | "TABLE_MODEL_ERROR";
export interface GridFlag {
  code: GridCode;
  row: number;
  col: number;
  message: string;
}

export interface Grid {
  width: number;
  height: number;
  /** Anchor cells per source row, in column order: each printed cell exactly once. */
  rows: GridCell[][];
  /** Span-copied view: `slots[r][c]` is the cell covering that slot, or null where the row is short. */
  slots: (GridCell | null)[][];
  /** Number of anchor cells. */
  cells: number;
  /** Tables nested in any cell, in document order. */
  nested: Element[];
  flags: GridFlag[];
}

type Row = Element[];

function tagName(n: AnyNode): string | undefined {
  return isElement(n) && !isHidden(n) ? n.name : undefined;
}

/**
 * Row groups in source order: <thead>/<tbody>/<tfoot> and runs of direct <tr>s (an implicit
 * <tbody>). Cells without a <tr> form an implied row, as browsers do; <form> is transparent.
 */
function rowGroups(table: Element): Row[][] {
  const groups: Row[][] = [];
  let implicit: Row[] | null = null;
  let loose: Row | null = null;
  const take = (n: AnyNode, into: Row[]): void => {
    const t = tagName(n);
    if (t === "tr") {
      into.push(cellsOf(n as Element));
      loose = null;
    } else if (t === "td" || t === "th") {
      if (!loose) into.push((loose = []));
      loose.push(n as Element);
    } else if (t === "form") for (const k of (n as Element).children) take(k, into);
  };
  for (const n of table.children) {
    const t = tagName(n);
    if (t === "thead" || t === "tbody" || t === "tfoot") {
      const g: Row[] = [];
      implicit = loose = null;
      for (const k of (n as Element).children) take(k, g);
      loose = null;
      groups.push(g);
    } else if (t === "tr" || t === "td" || t === "th" || t === "form") {
      if (!implicit) groups.push((implicit = []));
      take(n, implicit);
    }
  }
  return groups;
}

function cellsOf(tr: Element): Row {
  const out: Row = [];
  for (const n of tr.children) {
    const t = tagName(n);
    if (t === "td" || t === "th") out.push(n as Element);
  }
  return out;
}

/** Expand one <table> into a grid. Pure; problems become flags, never throws. */
export function parseGrid(table: Element): Grid {
  const rows: GridCell[][] = [];
  const slots: (GridCell | null | undefined)[][] = [];
  const flags: GridFlag[] = [];
  const nestedAll: Element[] = [];
  let cells = 0;
  let r = 0;
  for (const group of rowGroups(table)) {
    const end = r + group.length;
    for (const tr of group) {
      const line = (slots[r] ??= []);
      const anchors: GridCell[] = [];
      let c = 0;
      for (const td of tr) {
        while (line[c]) c++;
        const csAttr = td.attribs.colspan;
        let cs = leadingInt(csAttr) ?? 1;
        if (cs === 0) {
          flags.push({
            code: "COLSPAN_ZERO",
            row: r,
            col: c,
            message: `colspan="${csAttr}" at row ${r + 1} col ${c + 1} read as 1`,
          });
          cs = 1;
        }
        cs = Math.min(cs, MAX_COLSPAN);
        const rsAttr = leadingInt(td.attribs.rowspan);
        // rowspan="0" spans to the end of the row group (HTML); other spans stop there too, flagged.
        let rs = rsAttr === 0 ? end - r : Math.min(rsAttr ?? 1, MAX_ROWSPAN);
        if (r + rs > end) {
          flags.push({
            code: "SPAN_CLIPPED",
            row: r,
            col: c,
            message: `rowspan=${rs} at row ${r + 1} col ${c + 1} passes the end of its row group (row ${end}); clipped`,
          });
          rs = end - r;
        }
        const nested: Element[] = [];
        const text = elementText(td, (t) => {
          nested.push(t);
          nestedAll.push(t);
        });
        cells++;
        const cell: GridCell = { text, row: r, col: c, rowspan: rs, colspan: cs, th: td.name === "th", el: td, nested };
        let overlap = false;
        for (let rr = r; rr < r + rs; rr++) {
          const l = (slots[rr] ??= []);
          for (let cc = c; cc < c + cs; cc++) {
            if (l[cc])
              overlap = true; // the first cell keeps the slot
            else l[cc] = cell;
          }
        }
        if (overlap)
          flags.push({
            code: "TABLE_MODEL_ERROR",
            row: r,
            col: c,
            message: `the cell at row ${r + 1} col ${c + 1} overlaps an earlier span; the earlier cell keeps the slots`,
          });
        anchors.push(cell);
        c += cs;
      }
      rows.push(anchors);
      r++;
    }
  }
  const width = slots.reduce((w, l) => Math.max(w, l?.length ?? 0), 0);
  const full: (GridCell | null)[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const l = slots[i] ?? [];
    full.push(Array.from({ length: width }, (_, c) => l[c] ?? null));
  }
  return { width, height: rows.length, rows, slots: full, cells, nested: nestedAll, flags };
}
