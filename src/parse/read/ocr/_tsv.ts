// Tesseract's TSV output (one row per page, block, paragraph, line and word, with boxes and the
// engine's confidence 0–100) → positioned items for the PDF row-band reader. Pure.
import type { PdfItem } from "../../_pdf-rows.ts";
import type { Grid } from "./_grid.ts";
import type { Box } from "./_raster.ts";

export interface OcrWord extends Box {
  text: string;
  conf: number;
  /** block.paragraph.line, so words of one line stay together. */
  line: string;
}

export function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split("\n").slice(1)) {
    const f = row.split("\t");
    if (f.length < 12 || f[0] !== "5") continue;
    const text = f.slice(11).join("\t").trim();
    if (text === "") continue;
    const [left, top, width, height, conf] = [6, 7, 8, 9, 10].map((i) => Number(f[i]));
    words.push({
      text,
      conf: conf!,
      line: `${f[2]}.${f[3]}.${f[4]}`,
      left: left!,
      top: top!,
      right: left! + width!,
      bottom: top! + height!,
    });
  }
  return words;
}

/** Words in reading order: lines (by their middles) top to bottom, each left to right. */
export function readingOrder(words: readonly OcrWord[]): OcrWord[] {
  if (words.length < 2) return [...words];
  const hs = words.map((w) => w.bottom - w.top).sort((a, b) => a - b);
  const h = hs[Math.floor(hs.length / 2)]!;
  const mid = (w: OcrWord) => (w.top + w.bottom) / 2;
  const lines: OcrWord[][] = [];
  for (const w of [...words].sort((a, b) => mid(a) - mid(b))) {
    const line = lines[lines.length - 1];
    if (line && mid(w) - mid(line[0]!) <= h / 2) line.push(w);
    else lines.push([w]);
  }
  return lines.flatMap((l) => l.sort((a, b) => a.left - b.left));
}

/** An OCR item: a PdfItem with the engine's lowest word confidence (0–1) and its pixel box. */
export interface OcrItem extends PdfItem {
  conf: number;
  box: Box;
  /** What the engine read, when a row label was repaired against the form's words (_labels.ts). */
  read?: string;
}

const isDigits = (s: string) => /^[\d.,]+$/.test(s);
/** The same gaps the row reader merges text runs by (src/parse/_pdf-rows.ts): merged here, so each item is one fragment there. */
const DIGIT_GAP = 0.25;
/** OCR spaces CJK words wider than a text layer's runs; a cell's frame keeps neighbouring cells further apart. */
const TEXT_GAP = 1.0;
/** Specks and ruling stubs the engine reads as punctuation around a number (`,19`, `19|`). */
const EDGE_JUNK = /^[,.'"|:;_`‘’“”、，。!|/[\]]+|[,'"|:;_`‘’“”、，。!|/[\]]+$/g;
/** A number read with junk around it is kept without the junk, but never trusted: its confidence drops below the flag line. */
const JUNK_CONFIDENCE = 0.5;

/** `,19` → `19` (confidence capped); anything that is not digits once trimmed is left as read. */
export function trimJunk(text: string, conf: number): { text: string; conf: number } {
  const core = text.replace(EDGE_JUNK, "");
  if (core !== text && /^\d+(?:\.\d+)?$/.test(core)) return { text: core, conf: Math.min(conf, JUNK_CONFIDENCE) };
  return { text, conf };
}

/**
 * Words → items on one page. A word's baseline is its line's bottom (Tesseract's line groups the
 * words of one table row; a flat glyph like 一 has a box far above the baseline); its size is the
 * line's typical word height. Words the row reader would join are joined here, keeping
 * the lowest confidence, so every fragment the row reader makes has exactly one confidence.
 */
export function wordsToItems(words: readonly OcrWord[], pageHeight: number, grid?: Grid): OcrItem[] {
  const lines = new Map<string, OcrWord[]>();
  for (const w of words) {
    const l = lines.get(w.line);
    if (l) l.push(w);
    else lines.set(w.line, [w]);
  }
  const items: OcrItem[] = [];
  for (const ws of lines.values()) {
    const heights = ws.map((w) => w.bottom - w.top).sort((a, b) => a - b);
    const size = Math.max(1, heights[Math.floor(heights.length / 2)]!);
    const lineBottom = Math.max(...ws.map((w) => w.bottom));
    let cur: OcrItem | null = null;
    for (const w of [...ws].sort((a, b) => a.left - b.left)) {
      const { text, conf } = trimJunk(w.text, Math.max(0, Math.min(1, w.conf / 100)));
      if (cur) {
        const gap = w.left - cur.box.right;
        // Digits join only when their own glyphs nearly touch: a line's size is a CJK label's.
        const digits = isDigits(text) && isDigits(cur.str);
        if (gap <= (digits ? DIGIT_GAP * Math.min(w.bottom - w.top, cur.size) : TEXT_GAP * size)) {
          cur.str += text;
          cur.conf = Math.min(cur.conf, conf);
          cur.box = {
            left: cur.box.left,
            top: Math.min(cur.box.top, w.top),
            right: Math.max(cur.box.right, w.right),
            bottom: Math.max(cur.box.bottom, w.bottom),
          };
          cur.w = cur.box.right - cur.box.left;
          continue;
        }
      }
      cur = {
        str: text,
        x: w.left,
        y: pageHeight - lineBottom,
        w: w.right - w.left,
        // A number's size is its own height (the row reader joins digit runs within a quarter of it).
        size: isDigits(text) ? Math.max(1, w.bottom - w.top) : size,
        vertical: false,
        conf,
        box: { left: w.left, top: w.top, right: w.right, bottom: w.bottom },
      };
      items.push(cur);
    }
  }
  if (grid) for (const it of items) snapToCell(it, grid, pageHeight);
  return items;
}

/** Share of a word's offset from its cell's middle that is kept (the lines of a label stay in order). */
const KEEP_OFFSET = 0.5;

/**
 * A word between two rulings (a table ruled across only, or a cell whose sides were not found) is moved
 * towards the middle of its row: the numbers of one table row then share a baseline, whatever
 * Tesseract grouped into a line, and a label's lines keep their order.
 */
function snapToCell(it: OcrItem, grid: Grid, pageHeight: number): void {
  const cx = (it.box.left + it.box.right) / 2;
  const mid = (it.box.top + it.box.bottom) / 2;
  let above = -Infinity;
  let below = Infinity;
  for (const l of grid.horizontal) {
    if (!l.segs.some(([a, b]) => a - grid.slack <= cx && cx <= b + grid.slack)) continue;
    if (l.at <= mid && l.at > above) above = l.at;
    if (l.at > mid && l.at < below) below = l.at;
  }
  if (!Number.isFinite(above) || !Number.isFinite(below) || below - above > 0.3 * pageHeight) return;
  const centre = (above + below) / 2;
  it.y = pageHeight - (centre + (mid - centre) * KEEP_OFFSET);
}
