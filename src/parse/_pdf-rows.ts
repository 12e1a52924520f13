// Rebuild table rows from positioned PDF text (docs/spec/FORMATS.md §10.3, docs/parse.md). Pure: text items with
// coordinates in, segments in corrected reading order out. Value cells define the row bands; a label
// line joins the band it sits in, so a label printed after its numbers (or a merged cell's label
// printed mid-span) still lands in front of its row's values. Rulings are not needed: every report
// we read centres or baseline-aligns a row's numbers, and merged cells own no values anyway.
import { SECTIONS } from "./formats.ts";
import { looksLikeValue, normalizeText } from "./normalize.ts";
import type { Segment } from "./types.ts";

/** One text run as pdf.js reports it, in PDF user space (y grows upwards, baseline). */
export interface PdfItem {
  str: string;
  x: number;
  y: number;
  w: number;
  size: number;
  vertical: boolean;
}
export interface PdfPage {
  number: number;
  width: number;
  height: number;
  items: PdfItem[];
}

interface Frag {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  value: boolean;
}
interface Unit {
  y: number;
  segs: Segment[];
  line: string;
}

/** Digits of adjacent cells are at least a cell padding apart; a digit run split by the font is not. */
const DIGIT_GAP = 0.25;
/** CJK label text wrapped into several runs on one baseline (`无正当理由大量反复` + `申请`). */
const TEXT_GAP = 0.6;
/** A label line may sit this many font sizes above or below its row's numbers (3-line labels). */
const BAND_REACH = 3;
/** …and within this share of a single-line row's height (a 3-line label's outer lines sit ~0.7 rows off). */
const ROW_REACH = 0.8;
/** Page numbers in the top or bottom margin (`-3-`, `第 3 页`, `共 6 页`), never cells. */
const FOOTER_RE = /^(?:[-—–]\d{1,3}[-—–]|第\d{1,3}页(?:共\d{1,3}页)?|共\d{1,3}页(?:第\d{1,3}页)?|\d{1,3}\/\d{1,3})$/;
const FOOTER_MARGIN = 0.12;
const BARE_PAGE_NUMBER_MARGIN = 0.06;

const isDigits = (s: string) => /^[\d.,]+$/.test(s);
const squeezeAll = (s: string) => s.replace(/\s+/g, "");

/** Group items sharing a baseline, then merge runs that touch into fragments. */
function fragments(page: PdfPage): Frag[] {
  const items = page.items.filter((it) => it.str.trim() !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PdfItem[][] = [];
  for (const it of items) {
    const line = lines[lines.length - 1];
    const head = line?.[0];
    if (line && head && Math.abs(head.y - it.y) <= 0.35 * Math.min(head.size, it.size)) line.push(it);
    else lines.push([it]);
  }
  const out: Frag[] = [];
  for (const line of lines) {
    line.sort((a, b) => a.x - b.x);
    let cur: Frag | null = null;
    let curVertical = false;
    for (const it of line) {
      const text = squeezeAll(normalizeText(it.str));
      const size = it.size || 1;
      if (cur && !it.vertical && !curVertical) {
        const gap = it.x - cur.x1;
        const both = isDigits(text) && isDigits(cur.text);
        if (gap <= (both ? DIGIT_GAP : TEXT_GAP) * Math.max(size, cur.size)) {
          cur.text += text;
          cur.x1 = Math.max(cur.x1, it.x + it.w);
          cur.size = Math.max(cur.size, size);
          continue;
        }
      }
      cur = { text, x0: it.x, x1: it.x + (it.vertical ? size : it.w), y: it.y, size, value: false };
      curVertical = it.vertical;
      out.push(cur);
    }
  }
  return dropFooters(out, page).map((f) => ({ ...f, value: looksLikeValue(f.text) }));
}

function dropFooters(frags: Frag[], page: PdfPage): Frag[] {
  const alone = (f: Frag) => frags.filter((g) => Math.abs(g.y - f.y) <= 0.35 * g.size).length === 1;
  return frags.filter((f) => {
    const edge = Math.min(f.y, page.height - f.y) / page.height;
    if (edge <= FOOTER_MARGIN && FOOTER_RE.test(f.text)) return false;
    return !(edge <= BARE_PAGE_NUMBER_MARGIN && /^\d{1,3}$/.test(f.text) && alone(f));
  });
}

interface Band {
  y: number;
  size: number;
  xMin: number;
  values: Frag[];
  labels: Frag[];
}

function bands(values: readonly Frag[]): Band[] {
  const out: Band[] = [];
  for (const v of [...values].sort((a, b) => b.y - a.y)) {
    const b = out[out.length - 1];
    if (b && Math.abs(b.y - v.y) <= 0.5 * Math.min(b.size, v.size)) {
      b.values.push(v);
      b.xMin = Math.min(b.xMin, v.x0);
    } else out.push({ y: v.y, size: v.size, xMin: v.x0, values: [v], labels: [] });
  }
  return out;
}

/**
 * The band a label line belongs to: the nearest row whose numbers lie to its right, within half the
 * gap to the neighbouring row and within most of a single row's height (so a caption or header row
 * above is never taken for a label). Lines of a header row (a cell over the value columns on the same
 * baseline) and section headings stay on their own.
 */
function bandFor(f: Frag, bs: readonly Band[], frags: readonly Frag[], rowPitch: number): Band | undefined {
  if (isHeading(f.text)) return undefined;
  let best: Band | undefined;
  let bestDist = Infinity;
  bs.forEach((b, i) => {
    if (f.x1 > b.xMin + 0.5 * f.size) return;
    const d = f.y - b.y;
    const neighbour = d > 0 ? bs[i - 1] : bs[i + 1];
    const other = d > 0 ? bs[i + 1] : bs[i - 1];
    const half = neighbour ? Math.abs(neighbour.y - b.y) / 2 : other ? Math.abs(other.y - b.y) / 2 : Infinity;
    const reach = Math.min(half, ROW_REACH * rowPitch, BAND_REACH * Math.max(f.size, b.size));
    if (Math.abs(d) > reach || Math.abs(d) >= bestDist) return;
    const headerRow = frags.some(
      (g) => !g.value && g !== f && Math.abs(g.y - f.y) <= 0.35 * f.size && g.x1 > b.xMin + 0.5 * g.size,
    );
    if (headerRow) return;
    best = b;
    bestDist = Math.abs(d);
  });
  return best;
}

/** A single-line row's height: the lower quartile of the gaps between consecutive bands. */
function rowPitchOf(pagesBands: readonly (readonly Band[])[]): number {
  const gaps: number[] = [];
  for (const bs of pagesBands) for (let i = 1; i < bs.length; i++) gaps.push(bs[i - 1]!.y - bs[i]!.y);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 4)] ?? Infinity;
}

const isHeading = (text: string) => SECTIONS.some((sec) => sec.match.test(text.slice(0, 40)));

/** Label fragments of one band that overlap horizontally are lines of one cell; cells left to right. */
function labelCells(labels: readonly Frag[]): Frag[][] {
  const cells: Frag[][] = [];
  for (const f of [...labels].sort((a, b) => a.x0 - b.x0)) {
    const cell = cells.find((c) => c.some((g) => f.x0 < g.x1 - 0.5 * g.size && g.x0 < f.x1 - 0.5 * f.size));
    if (cell) cell.push(f);
    else cells.push([f]);
  }
  return cells.sort((a, b) => Math.min(...a.map((f) => f.x0)) - Math.min(...b.map((f) => f.x0)));
}

const loc = (page: number, f: Frag) => `p${page} x=${Math.round(f.x0)} y=${Math.round(f.y)}`;
/** A single long line of text or a sentence is prose, not a table cell. */
const isProse = (text: string, lineFrags: number) => lineFrags === 1 && (text.length >= 25 || /[。;；]$/.test(text));

interface PageBands {
  page: PdfPage;
  frags: Frag[];
  bands: Band[];
}

function pageBands(page: PdfPage): PageBands {
  const frags = fragments(page);
  return { page, frags, bands: bands(frags.filter((f) => f.value)) };
}

function pageUnits({ page, frags, bands: bs }: PageBands, rowPitch: number): Unit[] {
  const loose: Frag[] = [];
  for (const f of frags) {
    if (f.value) continue;
    const b = bandFor(f, bs, frags, rowPitch);
    if (b) b.labels.push(f);
    else loose.push(f);
  }
  const units: Unit[] = [];
  for (const b of bs) {
    const segs: Segment[] = [];
    for (const cell of labelCells(b.labels)) {
      const lines = [...cell].sort((p, q) => q.y - p.y || p.x0 - q.x0);
      segs.push({ text: lines.map((f) => f.text).join(""), cell: true, locator: loc(page.number, lines[0]!) });
    }
    for (const v of [...b.values].sort((p, q) => p.x0 - q.x0))
      segs.push({ text: v.text, cell: true, locator: loc(page.number, v) });
    segs[0]!.rowStart = true;
    units.push({ y: b.y, segs, line: segs.map((s) => s.text).join(" ") });
  }
  // Lines outside any row band: headings, prose, header cells. Grouped by baseline, left to right.
  const sorted = loose.sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const body = medianSize(frags);
  let prev: { unit: Unit; frag: Frag } | null = null;
  for (let i = 0; i < sorted.length; ) {
    const head = sorted[i]!;
    let j = i + 1;
    while (j < sorted.length && Math.abs(sorted[j]!.y - head.y) <= 0.35 * head.size) j++;
    const line = sorted.slice(i, j).sort((a, b) => a.x0 - b.x0);
    i = j;
    // A display title wrapped over lines (`洪泽区人民政府` / `2023年…年度报告`) is one line of text,
    // so that the title, and the agency in front of the year, can be read from it.
    if (line.length === 1 && prev && isTitleContinuation(prev.frag, head, body)) {
      prev.unit.segs[0]!.text += head.text;
      prev.unit.line += head.text;
      prev.frag = head;
      continue;
    }
    const segs = line.map(
      (f): Segment => ({ text: f.text, cell: !isProse(f.text, line.length), locator: loc(page.number, f) }),
    );
    if (segs[0]!.cell) segs[0]!.rowStart = true;
    const unit = { y: head.y, segs, line: line.map((f) => f.text).join(" ") };
    units.push(unit);
    prev = line.length === 1 ? { unit, frag: head } : null;
  }
  return units.sort((a, b) => b.y - a.y);
}

function medianSize(frags: readonly Frag[]): number {
  const sizes = frags.map((f) => f.size).sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)] ?? 0;
}

function isTitleContinuation(above: Frag, f: Frag, body: number): boolean {
  const display = f.size >= 1.25 * body && Math.abs(above.size - f.size) <= 0.05 * f.size;
  return display && above.y - f.y <= 2.2 * f.size && !/[。;；]$/.test(above.text);
}

export interface PdfRows {
  segments: Segment[];
  text: string;
}

/** Segments of all pages in corrected reading order, and the plain text in the same order. */
export function rebuildRows(pages: readonly PdfPage[]): PdfRows {
  const segments: Segment[] = [];
  const lines: string[] = [];
  const laid = pages.map(pageBands);
  const rowPitch = rowPitchOf(laid.map((p) => p.bands));
  for (const page of laid) {
    for (const u of pageUnits(page, rowPitch)) {
      segments.push(...u.segs);
      lines.push(u.line);
    }
    lines.push("");
  }
  return { segments, text: lines.join("\n") };
}
