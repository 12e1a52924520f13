// Tesseract's TSV output (one row per page, block, paragraph, line and word, with boxes and the
// engine's confidence 0–100) → positioned items for the PDF row-band reader. Pure.
import type { PdfItem } from "../../_pdf-rows.ts";
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

/** An OCR item: a PdfItem with the engine's lowest word confidence (0–1) and its pixel box. */
export interface OcrItem extends PdfItem {
  conf: number;
  box: Box;
}

const isDigits = (s: string) => /^[\d.,]+$/.test(s);
/** The same gaps the row reader merges text runs by (src/parse/_pdf-rows.ts): merged here, so each item is one fragment there. */
const DIGIT_GAP = 0.25;
const TEXT_GAP = 0.6;

/**
 * Words → items on one page. A word's baseline and size are its line's (a flat glyph like 一 has a
 * box far above the baseline); words the row reader would join are joined here, keeping the lowest
 * confidence, so every fragment the row reader makes has exactly one confidence.
 */
export function wordsToItems(words: readonly OcrWord[], pageHeight: number): OcrItem[] {
  const lines = new Map<string, OcrWord[]>();
  for (const w of words) {
    const l = lines.get(w.line);
    if (l) l.push(w);
    else lines.set(w.line, [w]);
  }
  const items: OcrItem[] = [];
  for (const ws of lines.values()) {
    const bottom = Math.max(...ws.map((w) => w.bottom));
    const top = Math.min(...ws.map((w) => w.top));
    const size = Math.max(1, bottom - top);
    let cur: OcrItem | null = null;
    for (const w of [...ws].sort((a, b) => a.left - b.left)) {
      const conf = Math.max(0, Math.min(1, w.conf / 100));
      if (cur) {
        const gap = w.left - cur.box.right;
        if (gap <= (isDigits(w.text) && isDigits(cur.str) ? DIGIT_GAP : TEXT_GAP) * size) {
          cur.str += w.text;
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
        str: w.text,
        x: w.left,
        y: pageHeight - bottom,
        w: w.right - w.left,
        size,
        vertical: false,
        conf,
        box: { left: w.left, top: w.top, right: w.right, bottom: w.bottom },
      };
      items.push(cur);
    }
  }
  return items;
}
