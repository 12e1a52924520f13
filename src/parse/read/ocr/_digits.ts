// A second reading of every number, by Tesseract's English model restricted to digits: the number
// boxes of a page are cut out, stacked on one strip with white between them, and read in one call.
// The Chinese model reads a two-digit cell as one wide glyph now and then (69 → 6); two independent
// readings that agree are trusted more, and where they disagree the digit reading is kept and flagged.
// Pure apart from nothing: the strip is built here, read by the caller.
import type { OcrWord } from "./_tsv.ts";

/** A word that may be a number: digits with at most a few specks around them. */
const NUMBERISH = /^[^\p{Script=Han}]{0,3}\d[\d.,]{0,14}[^\p{Script=Han}]{0,3}$/u;
const PAD = 6;
const GAP = 40;
const MARGIN = 20;

export interface Strip {
  /** Grey PGM (P5). */
  pgm: Buffer;
  /** Per stacked word: its index in the page's words and its vertical range on the strip. */
  slots: { word: number; top: number; bottom: number }[];
}

export function digitStrip(words: readonly OcrWord[], page: Buffer, width: number, height: number): Strip | undefined {
  const px = page.subarray(page.length - width * height);
  const picks = words.flatMap((w, i) => (NUMBERISH.test(w.text) ? [i] : []));
  if (picks.length === 0) return undefined;
  const boxes = picks.map((i) => {
    const w = words[i]!;
    const left = Math.max(0, w.left - PAD);
    const top = Math.max(0, w.top - PAD);
    return { i, left, top, right: Math.min(width, w.right + PAD), bottom: Math.min(height, w.bottom + PAD) };
  });
  const sw = Math.max(...boxes.map((b) => b.right - b.left)) + 2 * MARGIN;
  const sh = boxes.reduce((h, b) => h + (b.bottom - b.top) + GAP, MARGIN);
  const out = Buffer.alloc(sw * sh, 255);
  const slots: Strip["slots"] = [];
  let y = MARGIN;
  for (const b of boxes) {
    const h = b.bottom - b.top;
    for (let r = 0; r < h; r++) {
      const src = (b.top + r) * width;
      px.copy(out, (y + r) * sw + MARGIN, src + b.left, src + b.right);
    }
    slots.push({ word: b.i, top: y, bottom: y + h });
    y += h + GAP;
  }
  return { pgm: Buffer.concat([Buffer.from(`P5\n${sw} ${sh}\n255\n`, "latin1"), out]), slots };
}

/** Below this, a digit reading that disagrees is not trusted either: the word keeps its first reading. */
const DIGIT_MIN = 0.6;
/** Two readings that disagree: the digit reading is kept at this confidence, below the flag line. */
export const DISAGREE_CONFIDENCE = 0.5;

/**
 * Reconcile the strip's words (from the digit reading) with the page's words, in place: same text →
 * the higher confidence of the two; different → the digit reading, at DISAGREE_CONFIDENCE.
 */
export function reconcile(words: OcrWord[], strip: Strip, read: readonly OcrWord[]): void {
  for (const s of strip.slots) {
    const mine = read.filter((r) => {
      const mid = (r.top + r.bottom) / 2;
      return mid >= s.top && mid < s.bottom;
    });
    if (mine.length === 0) continue;
    const text = mine.map((r) => r.text).join("");
    const conf = Math.min(...mine.map((r) => r.conf));
    const w = words[s.word]!;
    const core = w.text.replace(/^[^\d]+|[^\d]+$/g, "");
    if (text === core) w.conf = Math.max(w.conf, conf);
    else if (/^\d+(?:\.\d+)?$/.test(text) && conf >= DIGIT_MIN * 100) {
      w.text = text;
      w.conf = Math.min(w.conf, conf, DISAGREE_CONFIDENCE * 100);
    }
  }
}
