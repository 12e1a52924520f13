// A scanned table's grid, from its rulings: which cell a point lies in, and the ink inside a cell.
// Tesseract's own lines group a table row's words only loosely (a two-line label's second line
// carries the row's digits; a wide glyph spans two cells), so the OCR reader places words by the
// printed grid instead. Pure.
import type { Box, Ruling, Rulings } from "./_raster.ts";

/** One printed line of the grid: where it lies across, and the stretches it is drawn along. */
export interface Line {
  at: number;
  segs: [number, number][];
}

export interface Grid {
  horizontal: Line[];
  vertical: Line[];
  /** How far (pixels) a ruling may stop short of a point and still bound it: a line's ends are drawn loosely. */
  slack: number;
}

/** A cell: the box between four rulings, and the rulings' indices (cells sharing a row share `row`). */
export interface Cell extends Box {
  key: string;
  row: string;
  column: string;
}

/** Rulings this close (inches) are one line: a thick line, or one line drawn in pieces. */
const SAME_LINE_INCHES = 0.02;

function lines(rulings: readonly Ruling[], tol: number): Line[] {
  const out: Line[] = [];
  for (const r of [...rulings].sort((a, b) => a.at - b.at)) {
    const l = out[out.length - 1];
    if (l && r.at - l.at <= tol) {
      const n = l.segs.length;
      l.at = (l.at * n + r.at) / (n + 1);
      l.segs.push([r.from, r.to]);
    } else out.push({ at: r.at, segs: [[r.from, r.to]] });
  }
  return out;
}

export function buildGrid(rulings: Rulings, dpi: number): Grid {
  const tol = Math.max(2, SAME_LINE_INCHES * dpi);
  return { horizontal: lines(rulings.horizontal, tol), vertical: lines(rulings.vertical, tol), slack: tol };
}

const covers = (l: Line, p: number, slack: number) => l.segs.some(([a, b]) => a - slack <= p && p <= b + slack);

/** Index of the nearest line before `p` (across) that is drawn past `q` (along), and of the nearest after it. */
function between(ls: readonly Line[], p: number, q: number, slack: number): [number, number] {
  let before = -1;
  let after = -1;
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    if (!covers(l, q, slack)) continue;
    if (l.at <= p) before = i;
    else if (after < 0) after = i;
  }
  return [before, after];
}

/** The cell the point (x, y) lies in, or undefined outside a ruled table. */
export function cellAt(grid: Grid, x: number, y: number): Cell | undefined {
  const [top, bottom] = between(grid.horizontal, y, x, grid.slack);
  const [left, right] = between(grid.vertical, x, y, grid.slack);
  if (top < 0 || bottom < 0 || left < 0 || right < 0) return undefined;
  return {
    top: grid.horizontal[top]!.at,
    bottom: grid.horizontal[bottom]!.at,
    left: grid.vertical[left]!.at,
    right: grid.vertical[right]!.at,
    key: `${top}:${bottom}:${left}:${right}`,
    row: `${top}:${bottom}`,
    column: `${left}:${right}`,
  };
}

/** The cells along the line y that reach more than the grid's slack into x0–x1, left to right. */
export function cellsAcross(grid: Grid, y: number, x0: number, x1: number): Cell[] {
  const xs = grid.vertical.filter((l) => covers(l, y, grid.slack)).map((l) => l.at);
  const out: Cell[] = [];
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1]!;
    const b = xs[i]!;
    if (Math.min(b, x1) - Math.max(a, x0) <= grid.slack) continue;
    const c = cellAt(grid, (a + b) / 2, y);
    if (c && !out.some((o) => o.key === c.key)) out.push(c);
  }
  return out;
}

/** Grey level below which a pixel is ink. */
const INK = 128;

export interface Ink extends Box {
  pixels: number;
  /** Runs of inked columns: a printed number's glyphs (and its decimal point), each apart from the next. */
  glyphs: number;
}

/** Bounding box of the ink inside a box (inset by `inset` pixels, clear of the cell's rulings), or undefined if none. */
export function inkIn(px: Uint8Array, width: number, box: Box, inset: number): Ink | undefined {
  const x0 = Math.ceil(box.left + inset);
  const x1 = Math.floor(box.right - inset);
  const y0 = Math.ceil(box.top + inset);
  const y1 = Math.floor(box.bottom - inset);
  let ink: Ink | undefined;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      if (px[y * width + x]! >= INK) continue;
      if (!ink) ink = { left: x, top: y, right: x + 1, bottom: y + 1, pixels: 0, glyphs: 0 };
      ink.pixels++;
      if (x < ink.left) ink.left = x;
      if (x >= ink.right) ink.right = x + 1;
      if (y >= ink.bottom) ink.bottom = y + 1;
    }
  if (ink) {
    let inRun = false;
    for (let x = ink.left; x < ink.right; x++) {
      let any = false;
      for (let y = ink.top; y < ink.bottom && !any; y++) any = px[y * width + x]! < INK;
      if (any && !inRun) ink.glyphs++;
      inRun = any;
    }
  }
  return ink;
}
