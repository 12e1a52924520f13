// A second reading of the numbers, by Tesseract's English model restricted to digits: the ink of
// every number cell (and of every number-like word outside a ruled table) is cut out, stacked on one
// strip with white between them, and read in one call: cheap next to the page itself (a few hundred
// small boxes). The Chinese model reads a two-digit cell as one wide glyph now and then (69 → 6), a
// 0 as O or 〇, or drops a lone digit; two independent readings that agree are trusted more, and
// where they disagree the reading is flagged (_cells.ts decides). Pure: the strip is built here, read
// by the caller.
import type { Box } from "./_raster.ts";
import type { OcrWord } from "./_tsv.ts";

const PAD = 6;
const GAP = 40;
const MARGIN = 20;

export interface Strip {
  /** Grey PGM (P5). */
  pgm: Buffer;
  /** Per stacked box, in the order given: its vertical range on the strip. */
  slots: { top: number; bottom: number }[];
}

/** The boxes' pixels of a grey page (`px`, one byte a pixel), stacked top to bottom on white. */
export function digitStrip(boxes: readonly Box[], px: Uint8Array, width: number, height: number): Strip | undefined {
  if (boxes.length === 0) return undefined;
  const cut = boxes.map((b) => ({
    left: Math.max(0, Math.floor(b.left) - PAD),
    top: Math.max(0, Math.floor(b.top) - PAD),
    right: Math.min(width, Math.ceil(b.right) + PAD),
    bottom: Math.min(height, Math.ceil(b.bottom) + PAD),
  }));
  const sw = Math.max(...cut.map((b) => b.right - b.left)) + 2 * MARGIN;
  const sh = cut.reduce((h, b) => h + (b.bottom - b.top) + GAP, MARGIN);
  const out = Buffer.alloc(sw * sh, 255);
  const slots: Strip["slots"] = [];
  let y = MARGIN;
  for (const b of cut) {
    const h = b.bottom - b.top;
    for (let r = 0; r < h; r++) {
      const src = (b.top + r) * width;
      out.set(px.subarray(src + b.left, src + b.right), (y + r) * sw + MARGIN);
    }
    slots.push({ top: y, bottom: y + h });
    y += h + GAP;
  }
  return { pgm: Buffer.concat([Buffer.from(`P5\n${sw} ${sh}\n255\n`, "latin1"), out]), slots };
}

/** What the digit reading saw in one box: digits (and a decimal point), and its lowest confidence (0–1). */
export interface Reading {
  text: string;
  conf: number;
}

/** The strip's words back to its boxes: the words read in each box, in the order the boxes were given. */
export function slotWords(strip: Strip, read: readonly OcrWord[]): OcrWord[][] {
  return strip.slots.map((s) =>
    read.filter((r) => {
      const mid = (r.top + r.bottom) / 2;
      return mid >= s.top && mid < s.bottom;
    }),
  );
}

/** One box's digit reading: its words left to right, at their lowest confidence; undefined if none. */
export function digitReading(words: readonly OcrWord[]): Reading | undefined {
  if (words.length === 0) return undefined;
  const ws = [...words].sort((a, b) => a.left - b.left);
  return { text: ws.map((r) => r.text).join(""), conf: Math.min(...ws.map((r) => r.conf)) / 100 };
}

/** Below this, a digit reading is not trusted at all: what the page's reading saw stands. */
export const DIGIT_MIN = 0.6;
/** Two readings that disagree, or a reading of a mark that may be a printed blank: kept at this confidence, below the flag line. */
export const DISAGREE_CONFIDENCE = 0.5;

const NUMBER = /^\d+(?:\.\d+)?$/;
/** Grouping commas do not make two readings disagree (the digit reading has no comma). */
const bare = (s: string) => s.replace(/,(?=\d{3}(?:\D|$))/g, "");
export const isNumber = (s: string) => NUMBER.test(bare(s));
/** Marks a blank cell is printed with, or that a ruling's stub leaves, which a digits-only reading would turn into 1 or 7. */
const THIN = /^[|/\\lI!\][1丨一—-]$/;

/**
 * One number from two readings: `page` is the page reading's text in the box (undefined when it has
 * none, or its word spans two cells), `digits` the digit reading.
 * - both numbers, the same: the higher confidence of the two;
 * - both numbers, different: the digit reading; at its own confidence if only its length matches the
 *   glyphs counted in the ink (`glyphs`), else at DISAGREE_CONFIDENCE;
 * - the page reading not a number (empty, O for 0, specks): the digit reading at its own confidence,
 *   capped at DISAGREE_CONFIDENCE when the page saw a thin mark (`|`, `/`, `-` may be a blank) or when
 *   its length is not the ink's glyph count;
 * - no digit reading worth the name: the page reading as it was.
 */
export function resolve(page: Reading | undefined, digits: Reading | undefined, glyphs = 0): Reading | undefined {
  const d = digits && isNumber(digits.text) && digits.conf >= DIGIT_MIN ? digits : undefined;
  if (page && isNumber(page.text)) {
    if (!d) return page;
    if (d.text === bare(page.text)) return { text: page.text, conf: Math.max(page.conf, d.conf) };
    // Readings of different lengths: the ink's own glyph count is the witness (6 against 69 in a
    // cell with two glyphs). Same length and different digits: nothing can tell, so flagged.
    if (d.text.length === glyphs && bare(page.text).length !== glyphs) return d;
    return { text: d.text, conf: Math.min(page.conf, d.conf, DISAGREE_CONFIDENCE) };
  }
  if (!d) return page;
  // One reading alone: distrusted when the page saw a thin mark, or when its length is not the ink's glyph count (7 for 17).
  if ((page && THIN.test(page.text)) || (glyphs > 0 && d.text.length !== glyphs))
    return { text: d.text, conf: Math.min(d.conf, DISAGREE_CONFIDENCE) };
  return d;
}
