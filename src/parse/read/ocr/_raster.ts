// Raster pages as plain pixels: PPM (P6) from pdftoppm or ImageMagick in, a grey PGM (P5) for
// Tesseract out, with seal ink removed and where it was. Pure.

export interface Rgb {
  width: number;
  height: number;
  /** 3 bytes a pixel, row-major. */
  data: Uint8Array;
}

/** Bounding box in pixels, top-left origin. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Parse binary PPM (P6, maxval ≤ 255). Several images may follow each other; the first is returned with the rest's offset. */
export function parsePpm(buf: Uint8Array, at = 0): { image: Rgb; next: number } {
  let p = at;
  const token = (): string => {
    for (;;) {
      while (p < buf.length && /\s/.test(String.fromCharCode(buf[p]!))) p++;
      if (buf[p] === 0x23) while (p < buf.length && buf[p] !== 0x0a) p++;
      else break;
    }
    const s = p;
    while (p < buf.length && !/\s/.test(String.fromCharCode(buf[p]!))) p++;
    return Buffer.from(buf.subarray(s, p)).toString("latin1");
  };
  const magic = token();
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (magic !== "P6" || !(width > 0) || !(height > 0) || !(max > 0 && max < 256))
    throw new Error(`not a binary 8-bit PPM (${magic} ${width}×${height} max ${max})`);
  p++; // the single whitespace byte before the pixels
  const n = width * height * 3;
  if (p + n > buf.length) throw new Error("PPM pixel data is truncated");
  return { image: { width, height, data: buf.subarray(p, p + n) }, next: p + n };
}

/**
 * Seal ink: red with little green and blue (official seals are red, 公章/印章). Dark strokes under
 * the seal are left alone, so printed digits it overlaps stay readable where they are black.
 */
const isSeal = (r: number, g: number, b: number): boolean => r > 110 && r - g > 50 && r - b > 50;

/** Blocks of this many pixels a side are the unit of seal regions. */
const BLOCK = 16;
/** A block with at least this share of seal pixels is seal. */
const BLOCK_SHARE = 0.02;
/** Regions smaller than this (pixels a side at 300 dpi ≈ 4 mm) are red text or a mark, not a seal. */
const MIN_SEAL_SIDE = 48;

export interface Cleaned {
  /** Grey PGM (P5) bytes with seal ink turned white. */
  pgm: Buffer;
  /** Seal regions found (pixels). */
  seals: Box[];
}

/** Grey image for OCR with seal ink removed, and the boxes the seal ink covered. */
export function removeSeals(img: Rgb): Cleaned {
  const { width, height, data } = img;
  const head = Buffer.from(`P5\n${width} ${height}\n255\n`, "latin1");
  const grey = Buffer.alloc(width * height);
  const bw = Math.ceil(width / BLOCK);
  const bh = Math.ceil(height / BLOCK);
  const counts = new Uint32Array(bw * bh);
  for (let y = 0, i = 0, o = 0; y < height; y++) {
    const row = ((y / BLOCK) | 0) * bw;
    for (let x = 0; x < width; x++, i += 3, o++) {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      if (isSeal(r, g, b)) {
        grey[o] = 255;
        counts[row + ((x / BLOCK) | 0)]!++;
      } else grey[o] = (r * 299 + g * 587 + b * 114) / 1000;
    }
  }
  return { pgm: Buffer.concat([head, grey]), seals: regions(counts, bw, bh) };
}

/** Connected seal blocks (8-neighbour) as pixel boxes, small ones dropped. */
function regions(counts: Uint32Array, bw: number, bh: number): Box[] {
  const min = BLOCK * BLOCK * BLOCK_SHARE;
  const seen = new Uint8Array(counts.length);
  const out: Box[] = [];
  for (let s = 0; s < counts.length; s++) {
    if (seen[s] || counts[s]! < min) continue;
    const stack = [s];
    seen[s] = 1;
    let x0 = bw;
    let y0 = bh;
    let x1 = 0;
    let y1 = 0;
    while (stack.length) {
      const k = stack.pop()!;
      const x = k % bw;
      const y = (k / bw) | 0;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          const j = ny * bw + nx;
          if (!seen[j] && counts[j]! >= min) {
            seen[j] = 1;
            stack.push(j);
          }
        }
    }
    const box = { left: x0 * BLOCK, top: y0 * BLOCK, right: (x1 + 1) * BLOCK, bottom: (y1 + 1) * BLOCK };
    if (box.right - box.left >= MIN_SEAL_SIDE && box.bottom - box.top >= MIN_SEAL_SIDE) out.push(box);
  }
  return out;
}

export const overlaps = (a: Box, b: Box): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Dark enough to be ink. */
const INK = 140;

/**
 * Table rulings whitened in place: runs of ink along a row at least twice `minRun` pixels long, and
 * along a column at least `minRun` long and ending on a row's ruling; both thin (at most `maxThick`
 * pixels across, at most sample points). Tesseract reads a ruling next
 * to a digit as `|`, `]` or `1`, and a cell's frame as letters; a body glyph is far shorter than a
 * cell (a 10.5 pt 一 is ~0.15 in at any resolution), and a display title's long strokes are thicker
 * than a ruling (whitening them broke the title's glyphs and slowed Tesseract down).
 * Returned as lines: the table's grid, which tells which cell each word is in (_grid.ts).
 */
export function removeRulings(
  pgm: Buffer,
  width: number,
  height: number,
  minRun: number,
  maxThick = Infinity,
): Rulings {
  const off = pgm.length - width * height;
  const px = pgm.subarray(off);
  const mark = new Uint8Array(width * height);
  const rulings: Rulings = { horizontal: [], vertical: [] };
  const ink = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && px[y * width + x]! < INK;
  /** Ink across the line at (x, y): how many pixels the stroke is thick there. */
  const across = (x: number, y: number, dx: number, dy: number) => {
    let n = 1;
    for (let k = 1; k <= maxThick && ink(x + k * dx, y + k * dy); k++) n++;
    for (let k = 1; k <= maxThick && ink(x - k * dx, y - k * dy); k++) n++;
    return n;
  };
  /** Thin at most of five points along the run. */
  const thin = (from: number, to: number, at: (p: number) => number) => {
    if (!Number.isFinite(maxThick)) return true;
    let ok = 0;
    for (let i = 1; i <= 5; i++) if (at(Math.floor(from + ((to - from) * i) / 6)) <= maxThick) ok++;
    return ok >= 3;
  };
  for (let y = 0; y < height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const on = x < width && px[y * width + x]! < INK;
      if (on && start < 0) start = x;
      else if (!on && start >= 0) {
        if (x - start >= 2 * minRun && thin(start, x, (p) => across(p, y, 0, 1))) {
          mark.fill(1, y * width + start, y * width + x);
          addRun(rulings.horizontal, y, start, x);
        }
        start = -1;
      }
    }
  }
  // A column's ruling ends on a row's ruling (a glyph's long upright stroke meets none).
  const reach = Number.isFinite(maxThick) ? maxThick + 2 : 2;
  const meets = (x: number, y: number) =>
    !Number.isFinite(maxThick) ||
    rulings.horizontal.some((r) => Math.abs(r.at - y) <= reach && r.from - reach <= x && x <= r.to + reach);
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const on = y < height && px[y * width + x]! < INK;
      if (on && start < 0) start = y;
      else if (!on && start >= 0) {
        if (y - start >= minRun && (meets(x, start) || meets(x, y - 1)) && thin(start, y, (p) => across(x, p, 1, 0))) {
          for (let k = start; k < y; k++) mark[k * width + x] = 1;
          addRun(rulings.vertical, x, start, y);
        }
        start = -1;
      }
    }
  }
  for (let i = 0; i < mark.length; i++) if (mark[i]) px[i] = 255;
  return rulings;
}

/**
 * A table ruling: `at` is its middle row (horizontal) or column (vertical), `from`–`to` its extent
 * along the line, in pixels.
 */
export interface Ruling {
  at: number;
  from: number;
  to: number;
  /** Last pixel row (column) seen while merging the runs of a thick line. */
  last: number;
}

export interface Rulings {
  horizontal: Ruling[];
  vertical: Ruling[];
}

/** A run continues a ruling found just before it (the rows or columns of a thick line) that it overlaps; otherwise it starts one. */
function addRun(rulings: Ruling[], at: number, from: number, to: number): void {
  for (let i = rulings.length - 1; i >= 0; i--) {
    const r = rulings[i]!;
    if (at - r.last > 2) break;
    if (from < r.to && r.from < to) {
      r.at = (r.at + at) / 2;
      r.last = at;
      r.from = Math.min(r.from, from);
      r.to = Math.max(r.to, to);
      return;
    }
  }
  rulings.push({ at, from, to, last: at });
}
