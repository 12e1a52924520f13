// Words placed in the cells of a ruled table (_grid.ts), the cells that hold numbers found, and one
// row-reader item made per cell. A number cell is read twice (the page reading and a digits-only
// reading of its ink, _digits.ts); a cell Tesseract left empty, or filled with specks, O for 0 or a
// word spilling over from the next cell, still has its ink read. A cell with no ink is blank and
// gets no item: nothing is filled in. Pure.
import { type Cell, cellAt, cellsAcross, type Grid, type Ink, inkIn } from "./_grid.ts";
import { isNumber, type Reading, resolve } from "./_digits.ts";
import { namesFormRow, repairLabel } from "./_labels.ts";
import type { Box } from "./_raster.ts";
import { type OcrItem, type OcrWord, readingOrder, trimJunk } from "./_tsv.ts";

const HAN = /\p{Script=Han}/u;

export interface CellWords {
  cell: Cell;
  words: OcrWord[];
  /** A word without Han characters runs over this cell's side: its text belongs to no one cell. */
  split: boolean;
}

export interface Placed {
  cells: Map<string, CellWords>;
  /** Words outside any ruled cell (prose, headings, tables without a grid). */
  loose: OcrWord[];
}

/** Each word into the cell its middle lies in; a number-like word that crosses a ruling marks both cells split. */
export function placeWords(words: readonly OcrWord[], grid: Grid): Placed {
  const cells = new Map<string, CellWords>();
  const loose: OcrWord[] = [];
  const slot = (c: Cell) => {
    let cw = cells.get(c.key);
    if (!cw) cells.set(c.key, (cw = { cell: c, words: [], split: false }));
    return cw;
  };
  for (const w of words) {
    const cy = (w.top + w.bottom) / 2;
    const mid = cellAt(grid, (w.left + w.right) / 2, cy);
    if (!mid) {
      loose.push(w);
      continue;
    }
    if (!HAN.test(w.text)) {
      const crossed = cellsAcross(grid, cy, w.left, w.right);
      if (crossed.length > 1 || crossed.some((c) => c.key !== mid.key)) {
        for (const c of [mid, ...crossed]) slot(c).split = true;
        continue;
      }
    }
    slot(mid).words.push(w);
  }
  return { cells, loose };
}

/** Latin letters in a Chinese label are the engine's guesses at specks or a line it could not read. */
const LATIN = /[A-Za-z]/;
/** Below this engine confidence (0–100), Latin letters in a label are dropped, and a label is read again. */
const LABEL_MIN = 60;
/** …as are Latin letters far shorter than the label's characters (dither, dust). */
const SPECK_HEIGHT = 0.6;

/** A label's words without the specks the engine read as Latin letters. */
function withoutSpecks(words: readonly OcrWord[]): OcrWord[] {
  if (!words.some((w) => HAN.test(w.text))) return [...words];
  const hs = words.map((w) => w.bottom - w.top).sort((a, b) => a - b);
  const h = hs[Math.floor(hs.length / 2)]!;
  return words.filter(
    (w) => HAN.test(w.text) || !LATIN.test(w.text) || (w.conf >= LABEL_MIN && w.bottom - w.top >= SPECK_HEIGHT * h),
  );
}

/** A cell's words in reading order as one text, at their lowest confidence. */
export function cellText(words: readonly OcrWord[]): Reading | undefined {
  const ws = withoutSpecks(words);
  if (ws.length === 0) return undefined;
  return {
    text: readingOrder(ws)
      .map((w) => w.text)
      .join(""),
    conf: Math.max(0, Math.min(1, Math.min(...ws.map((w) => w.conf)) / 100)),
  };
}

/** A label the engine was unsure of or read Latin letters in (a line it could not read at all): read again on its own. */
function doubtfulLabel(cw: CellWords): boolean {
  return cw.words.some((w) => w.conf < LABEL_MIN || LATIN.test(w.text));
}

export interface NumberCell {
  cell: Cell;
  /** The page reading (trimmed of specks), undefined when it has none or a word crosses the cell's side. */
  page: Reading | undefined;
  ink: Ink;
}

/** A number's ink is at most this many times as tall as the page's typical number. */
const ONE_LINE = 1.5;
/** …and at least this share of it (a dash printed for a blank is flat). */
const FLAT = 0.5;
/** Ink smaller than this (inches a side) is a speck, not a printed mark. */
const MIN_MARK_INCHES = 0.03;

/**
 * Cells that hold a number: any cell whose text is a number; and, in a column holding two numbers or
 * more, or in a row holding one from that number to the table's right edge (labels are on the left),
 * every cell without Han text (empty, specks, a split word) whose ink is one line of glyphs.
 */
export function numberCells(placed: Placed, grid: Grid, px: Uint8Array, width: number, dpi: number): NumberCell[] {
  const page = new Map<string, Reading | undefined>();
  const columns = new Map<string, number>();
  /** Per row holding a number: where its first number (or word split over cells) starts; numbers run to the table's edge. */
  const rows = new Map<string, { y: number; left: number }>();
  for (const [key, cw] of placed.cells) {
    const t = cellText(cw.words);
    if (t && HAN.test(t.text)) continue;
    const trimmed = t && trimJunk(t.text, t.conf);
    page.set(key, cw.split ? undefined : trimmed);
    const numeric = !cw.split && trimmed !== undefined && isNumber(trimmed.text);
    if (numeric) columns.set(cw.cell.column, (columns.get(cw.cell.column) ?? 0) + 1);
    if (!numeric && !cw.split) continue;
    const { row, left, top, bottom } = cw.cell;
    const r = rows.get(row);
    if (r) r.left = Math.min(r.left, left);
    else rows.set(row, { y: (top + bottom) / 2, left });
  }
  const numberColumns = new Set([...columns].flatMap(([c, n]) => (n >= 2 ? [c] : [])));
  const candidates = new Map<string, Cell>();
  const within = (c: Cell) => {
    const r = rows.get(c.row);
    return r !== undefined && c.left >= r.left - grid.slack;
  };
  for (const [key, cw] of placed.cells) {
    if (!page.has(key)) continue;
    const p = page.get(key);
    if ((p && isNumber(p.text)) || numberColumns.has(cw.cell.column) || within(cw.cell)) candidates.set(key, cw.cell);
  }
  // Cells no word landed in: along each row holding numbers, and down each number column.
  const colMids = new Map<string, number>();
  for (const cw of placed.cells.values())
    if (numberColumns.has(cw.cell.column)) colMids.set(cw.cell.column, (cw.cell.left + cw.cell.right) / 2);
  for (const r of rows.values()) {
    const across = cellsAcross(grid, r.y, r.left, Infinity);
    for (const x of colMids.values()) {
      const c = cellAt(grid, x, r.y);
      if (c && numberColumns.has(c.column)) across.push(c);
    }
    for (const c of across) if (!placed.cells.has(c.key)) candidates.set(c.key, c);
  }
  const inset = Math.max(2, 0.02 * dpi);
  const minSide = MIN_MARK_INCHES * dpi;
  const out: NumberCell[] = [];
  for (const [key, cell] of candidates) {
    const ink = inkIn(px, width, cell, inset);
    if (!ink || (ink.right - ink.left < minSide / 3 && ink.bottom - ink.top < minSide)) continue;
    out.push({ cell, page: page.get(key), ink });
  }
  // A number is one line of glyphs: a cell whose ink is much taller than the page's numbers holds
  // lines of text the engine could not read (a header), and a digits-only reading of it would invent a
  // number; ink much flatter is a dash or a rule (a printed blank), which it would read as 1 or 7.
  const heights = out.flatMap((n) => (n.page && isNumber(n.page.text) ? [n.ink.bottom - n.ink.top] : []));
  heights.sort((a, b) => a - b);
  const line = heights[Math.floor(heights.length / 2)];
  if (line === undefined) return out;
  return out.filter((n) => {
    if (n.page && isNumber(n.page.text)) return true;
    const h = n.ink.bottom - n.ink.top;
    return h <= ONE_LINE * line && h >= FLAT * line;
  });
}

const middle = (b: Box) => (b.top + b.bottom) / 2;

/**
 * One item per cell: a number cell's resolved reading at its ink, a label cell's lines joined at its
 * left. Both sit on the cell's middle line, so that a row's label and numbers share one band in the
 * row reader whatever lines Tesseract saw.
 */
export function cellItems(
  placed: Placed,
  numbers: readonly NumberCell[],
  readings: readonly (Reading | undefined)[],
  labels: ReadonlyMap<string, readonly OcrWord[]>,
  pageHeight: number,
): OcrItem[] {
  const items: OcrItem[] = [];
  const done = new Set<string>();
  const rows = new Set(numbers.map((n) => n.cell.row));
  numbers.forEach((n, i) => {
    done.add(n.cell.key);
    const r = resolve(n.page, readings[i], n.ink.glyphs);
    if (!r || r.text === "") return;
    const box = { left: n.ink.left, top: n.ink.top, right: n.ink.right, bottom: n.ink.bottom };
    items.push(item(r, box, pageHeight - middle(n.cell), box.bottom - box.top));
  });
  for (const [key, cw] of placed.cells) {
    if (done.has(key)) continue;
    const again = labels.get(key);
    const t = again && better(again, cw.words) ? cellText(again) : cellText(cw.words);
    if (!t) continue;
    const box = {
      left: Math.min(...cw.words.map((w) => w.left)),
      top: Math.min(...cw.words.map((w) => w.top)),
      right: Math.max(...cw.words.map((w) => w.right)),
      bottom: Math.max(...cw.words.map((w) => w.bottom)),
    };
    const hs = cw.words.map((w) => w.bottom - w.top).sort((a, b) => a - b);
    const it = item(t, box, pageHeight - middle(cw.cell), hs[Math.floor(hs.length / 2)]!);
    if (rows.has(cw.cell.row) && HAN.test(t.text)) {
      it.str = repairLabel(t.text);
      if (it.str !== t.text) it.read = t.text;
    }
    items.push(it);
  }
  return items;
}

const meanConf = (ws: readonly OcrWord[]) => ws.reduce((s, w) => s + w.conf, 0) / Math.max(1, ws.length);

/** A label read again on its own is taken when it has Han text and the engine is surer of it. */
function better(again: readonly OcrWord[], first: readonly OcrWord[]): boolean {
  const a = withoutSpecks(again);
  return a.some((w) => HAN.test(w.text)) && meanConf(a) > meanConf(withoutSpecks(first));
}

/** Row labels worth a second look: doubtful ones in rows that hold numbers, unless they already name a row of the form. */
export function labelsToReread(placed: Placed, numbers: readonly NumberCell[]): CellWords[] {
  const rows = new Set(numbers.map((n) => n.cell.row));
  const done = new Set(numbers.map((n) => n.cell.key));
  return [...placed.cells.values()].filter(
    (cw) =>
      rows.has(cw.cell.row) &&
      !done.has(cw.cell.key) &&
      doubtfulLabel(cw) &&
      !namesFormRow(cellText(cw.words)?.text ?? ""),
  );
}

function item(r: Reading, box: Box, y: number, size: number): OcrItem {
  return {
    str: r.text,
    x: box.left,
    y,
    w: box.right - box.left,
    size: Math.max(1, size),
    vertical: false,
    conf: r.conf,
    box,
  };
}
