// OCR of scans and photos, guarded by the identities. The seed PDF rasterised at 300 and
// 150 dpi, a 300 dpi scan with a red seal over section 四, and a phone photo of page 2
// (test/fixtures/office/make-fixtures.sh). The line every scan must hold: no wrong number without a flag.
import { describe, expect, it } from "vitest";
import { parseDocument, type ParseResult } from "../../src/parse/index.ts";
import { cellItems, numberCells, placeWords } from "../../src/parse/read/ocr/_cells.ts";
import { resolve } from "../../src/parse/read/ocr/_digits.ts";
import { buildGrid, cellAt, cellsAcross } from "../../src/parse/read/ocr/_grid.ts";
import { repairLabel } from "../../src/parse/read/ocr/_labels.ts";
import { overlaps, parsePpm, removeRulings, removeSeals } from "../../src/parse/read/ocr/_raster.ts";
import { parseTsv, wordsToItems } from "../../src/parse/read/ocr/_tsv.ts";
import { readExpected, readFixtureBytes } from "../helpers.ts";

const seed = readExpected("corpus/seed.expected.json").facts;
/** Tesseract reads a page in 3–10 s; several helpers share the machine. */
const OCR_MS = 400_000;

const parsed = new Map<string, Promise<ParseResult>>();
function parse(rel: string): Promise<ParseResult> {
  if (!parsed.has(rel)) parsed.set(rel, parseDocument({ bytes: readFixtureBytes(rel), path: rel }));
  return parsed.get(rel)!;
}

/** Keys the result flags: a flag on the key, or a failing hard identity that involves it. */
function flaggedKeys(r: ParseResult): Set<string | null> {
  const keys = new Set<string | null>(r.flags.map((f) => f.key));
  for (const c of r.checks) if (c.hard && !c.ok) for (const k of c.keys) keys.add(k);
  return keys;
}

interface Tally {
  right: number;
  /** Keys read as a number that is not the seed's, with no flag on them: must stay empty. */
  silentWrong: string[];
}
function tally(r: ParseResult): Tally {
  const flagged = flaggedKeys(r);
  let right = 0;
  const silentWrong: string[] = [];
  for (const [k, v] of Object.entries(seed)) {
    const got = r.facts[k];
    if (got === v) right++;
    else if (got !== null && got !== undefined && !flagged.has(k)) silentWrong.push(`${k}: ${got} ≠ ${v}`);
  }
  return { right, silentWrong };
}

/** Every OCR'd cell says so and is less than certain. */
function expectOcrCells(r: ParseResult): void {
  const cells = Object.values(r.cells);
  expect(cells.length).toBeGreaterThan(0);
  for (const c of cells) {
    expect(c.method).toBe("ocr");
    expect(c.confidence).toBeLessThan(1);
  }
}

describe.concurrent("scans of the seed", () => {
  it(
    "300 dpi: no wrong number without a flag; most cells right; every cell method ocr, confidence < 1",
    async () => {
      const r = await parse("scan/seed-300.pdf");
      const t = tally(r);
      expect(t.silentWrong).toEqual([]);
      // The target: 198 of 200 (99%). Measured 200 with Tesseract 5.3.0.
      expect(t.right).toBeGreaterThanOrEqual(198);
      expectOcrCells(r);
      if (r.status === "ok") expect(t.right).toBe(200);
      expect(r.source).toMatchObject({
        media_type: "application/pdf",
        shape: "ocr-rows",
        rendition: {
          method: "ocr",
          read: "page images",
          tool: expect.stringMatching(/^tesseract [\d.]+ chi_sim\+eng, pdftoppm 300 dpi$/),
        },
      });
      // The form is recognised, and the year read from the display title (its strokes are no longer
      // taken for rulings): the seed is 重庆市梁平区's 2021 report (docs/spec/FORMATS.md §11).
      expect(r.report).toMatchObject({ template: "2021", region: "重庆市梁平区", year: 2021 });
    },
    OCR_MS,
  );

  it(
    "150 dpi: whatever it reads is right or flagged",
    async () => {
      const r = await parse("scan/seed-150.pdf");
      const t = tally(r);
      expect(t.silentWrong).toEqual([]);
      // Measured 200 of 200 with Tesseract 5.3.0; the issue asks only that nothing wrong goes unflagged.
      expect(t.right).toBeGreaterThanOrEqual(190);
      expectOcrCells(r);
      // `ok` only when nothing is doubtful and every identity holds: then every number is right.
      if (r.status === "ok") expect(t.right).toBe(200);
    },
    OCR_MS,
  );

  it(
    "a red seal over section 四: its serial number never becomes a cell; numbers under it are flagged or right",
    async () => {
      const r = await parse("scan/seed-300-seal.pdf");
      const t = tally(r);
      expect(t.silentWrong).toEqual([]);
      // Measured 185 of 200: the appeals row under the seal's star cannot be read (its digits are under red ink).
      expect(t.right).toBeGreaterThanOrEqual(180);
      expect(Object.values(r.cells).filter((c) => /5002|2281/.test(c.raw))).toEqual([]);
      expect(r.flags.filter((f) => f.code === "OCR_SEAL_REMOVED")).toHaveLength(1);
      expectOcrCells(r);
    },
    OCR_MS,
  );

  it(
    "a phone photo of page 2 (skewed, noisy): whatever it reads is right or flagged",
    async () => {
      const r = await parse("scan/photo-p2.jpg");
      expect(tally(r).silentWrong).toEqual([]);
      expect(r.source).toMatchObject({ media_type: "image/jpeg", rendition: { method: "ocr" } });
      expect(r.status).not.toBe("ok");
    },
    OCR_MS,
  );
});

describe("OCR internals (pure)", () => {
  const tsv = [
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
    "4\t1\t1\t1\t1\t0\t100\t200\t900\t40\t-1\t",
    "5\t1\t1\t1\t1\t1\t100\t200\t40\t40\t96.5\t规章",
    "5\t1\t1\t1\t1\t2\t150\t200\t40\t40\t95\t文件",
    "5\t1\t1\t1\t1\t3\t500\t205\t30\t35\t91\t69",
    "5\t1\t1\t1\t1\t4\t700\t205\t40\t35\t97\t,19",
  ].join("\n");

  it("TSV words: CJK words of a line joined, numbers kept apart, specks around a number trimmed and distrusted", () => {
    const words = parseTsv(tsv);
    expect(words.map((w) => w.text)).toEqual(["规章", "文件", "69", ",19"]);
    const items = wordsToItems(words, 1000);
    expect(items.map((i) => [i.str, i.conf])).toEqual([
      ["规章文件", 0.95],
      ["69", 0.91],
      ["19", 0.5],
    ]);
    // Baseline: the line's bottom (240), in PDF space (y up) on a 1000-pixel page.
    expect(items.map((i) => i.y)).toEqual([760, 760, 760]);
  });

  it("seal ink (red) is whitened and located; black ink is kept", () => {
    // 64×64: black 4×4 square at (2,2), a red 50×50 block at (10,10).
    const w = 64;
    const data = new Uint8Array(w * w * 3).fill(255);
    const set = (x: number, y: number, rgb: number[]) => data.set(rgb, (y * w + x) * 3);
    for (let y = 2; y < 6; y++) for (let x = 2; x < 6; x++) set(x, y, [0, 0, 0]);
    for (let y = 10; y < 60; y++) for (let x = 10; x < 60; x++) set(x, y, [215, 35, 45]);
    const ppm = Buffer.concat([Buffer.from(`P6\n${w} ${w}\n255\n`), data]);
    const { image } = parsePpm(ppm);
    const { pgm, seals } = removeSeals(image);
    const px = pgm.subarray(pgm.length - w * w);
    expect(px[3 * w + 3]).toBe(0);
    expect(px[30 * w + 30]).toBe(255);
    expect(seals).toEqual([{ left: 0, top: 0, right: 64, bottom: 64 }]);
    expect(overlaps(seals[0]!, { left: 40, top: 40, right: 50, bottom: 50 })).toBe(true);
  });

  it("rulings: long thin runs are whitened and returned as lines; short strokes, thick strokes and uprights meeting no ruling stay", () => {
    const w = 200;
    const h = 120;
    const px = Buffer.alloc(w * h, 255);
    const fill = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y < y1; y++) px.fill(0, y * w + x0, y * w + x1);
    };
    fill(10, 5, 190, 7); // a row's ruling: 180 px long, 2 px thick
    fill(10, 12, 40, 13); // a 30 px stroke
    fill(10, 30, 160, 40); // a title's stroke: 150 px long, 10 px thick
    fill(100, 5, 102, 95); // an upright ruling 90 px long, hanging from the row's ruling
    fill(150, 45, 152, 115); // an upright 70 px long meeting no ruling (a glyph's stroke)
    const pgm = Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), px]);
    const rulings = removeRulings(pgm, w, h, 60, 5);
    expect(rulings.horizontal.map(({ from, to }) => ({ from, to }))).toEqual([{ from: 10, to: 190 }]);
    expect(rulings.vertical.map(({ from, to }) => ({ from, to }))).toEqual([{ from: 5, to: 95 }]);
    const out = pgm.subarray(pgm.length - w * h);
    expect(out[5 * w + 50]).toBe(255);
    expect(out[50 * w + 100]).toBe(255);
    expect(out[12 * w + 20]).toBe(0);
    expect(out[35 * w + 50]).toBe(0);
    expect(out[80 * w + 150]).toBe(0);
  });

  // A 3×2 grid: rows 0–100–200 (y), columns 0–300–400–500 (x); the middle cell of row 2 merged over nothing.
  const grid = buildGrid(
    {
      horizontal: [0, 100, 200].map((at) => ({ at, from: 0, to: 500, last: at })),
      vertical: [0, 300, 400, 500].map((at) => ({ at, from: 0, to: 200, last: at })),
    },
    300,
  );

  it("grid: a point's cell, and the cells along a row", () => {
    expect(cellAt(grid, 350, 150)).toMatchObject({ left: 300, right: 400, top: 100, bottom: 200 });
    expect(cellAt(grid, 350, 250)).toBeUndefined();
    expect(cellAt(grid, 350, 50)!.row).toBe(cellAt(grid, 450, 50)!.row);
    expect(cellsAcross(grid, 50, 310, 500).map((c) => c.left)).toEqual([300, 400]);
    expect(cellsAcross(grid, 50, 380, 430).map((c) => c.left)).toEqual([300, 400]);
    expect(cellsAcross(grid, 50, 0, 300).map((c) => c.left)).toEqual([0]);
  });

  it("words into cells: a number-like word over a ruling belongs to no cell; a label is one item at its cell's middle", () => {
    const word = (text: string, left: number, right: number, top: number, conf = 95) => ({
      text,
      conf,
      line: "1.1.1",
      left,
      right,
      top,
      bottom: top + 30,
    });
    const placed = placeWords(
      [word("规章", 20, 80, 20), word("文件", 20, 80, 55), word("69", 320, 350, 30), word("671", 380, 430, 130)],
      grid,
    );
    const cells = [...placed.cells.values()];
    expect(cells.filter((c) => c.split).map((c) => c.cell.left)).toEqual(expect.arrayContaining([300, 400]));
    expect(cells.filter((c) => c.split)).toHaveLength(2);
    const items = cellItems(placed, [], [], new Map(), 1000);
    expect(items.map((i) => [i.str, i.y])).toEqual([
      ["规章文件", 950],
      ["69", 950],
    ]);
  });

  it("number cells: an empty cell with digit-high ink is read; a flat mark (a dash for a blank) and a label are not", () => {
    // One row (y 0–100) of five cells 100 px wide: a label, 12, 34, an empty cell with a 30 px blob, a dash.
    const w = 500;
    const h = 100;
    const px = new Uint8Array(w * h).fill(255);
    const ink = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y < y1; y++) px.fill(0, y * w + x0, y * w + x1);
    };
    ink(20, 35, 80, 65);
    ink(130, 35, 170, 65);
    ink(230, 35, 270, 65);
    ink(340, 35, 360, 65);
    ink(420, 48, 480, 52);
    const g = buildGrid(
      {
        horizontal: [0, 99].map((at) => ({ at, from: 0, to: w, last: at })),
        vertical: [0, 100, 200, 300, 400, 499].map((at) => ({ at, from: 0, to: h, last: at })),
      },
      300,
    );
    const word = (text: string, left: number) => ({
      text,
      conf: 95,
      line: "1.1.1",
      left,
      right: left + 40,
      top: 35,
      bottom: 65,
    });
    const placed = placeWords([word("规章", 20), word("12", 130), word("34", 230)], g);
    const cells = numberCells(placed, g, px, w, 300);
    expect(cells.map((c) => [c.cell.left, c.page?.text])).toEqual([
      [100, "12"],
      [200, "34"],
      [300, undefined],
    ]);
  });

  it("two readings of a number: agreement trusted, disagreement flagged unless the glyph count decides, a thin mark distrusted", () => {
    const r = (text: string, conf: number) => ({ text, conf });
    expect(resolve(r("27", 0.77), r("27", 0.97))).toEqual(r("27", 0.97));
    expect(resolve(r("8", 0.9), r("3", 0.95), 1)).toEqual(r("3", 0.5));
    // 69 printed: the page reading dropped a glyph, the ink has two.
    expect(resolve(r("6", 0.7), r("69", 0.96), 2)).toEqual(r("69", 0.96));
    expect(resolve(r("6", 0.7), r("69", 0.96), 1)).toEqual(r("69", 0.5));
    expect(resolve(r("O", 0.75), r("0", 0.95))).toEqual(r("0", 0.95));
    expect(resolve(r("|", 0.8), r("1", 0.95))).toEqual(r("1", 0.5));
    expect(resolve(r("0", 0.9), r("0", 0.3))).toEqual(r("0", 0.9));
    expect(resolve(undefined, r("5", 0.4))).toBeUndefined();
    // One reading alone whose length is not the ink's glyph count (7 for a printed 17).
    expect(resolve(undefined, r("7", 0.87), 2)).toEqual(r("7", 0.5));
    expect(resolve(undefined, r("17", 0.87), 2)).toEqual(r("17", 0.87));
  });

  it("row labels: one character from the form's words repaired, a phrase of another label left alone", () => {
    expect(repairLabel("(一)矛以公开")).toBe("(一)予以公开");
    expect(repairLabel("(七总计")).toBe("(七)总计");
    expect(repairLabel("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")).toBe(
      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    );
    // One character from both 行政许可 and 行政处罚: not repaired.
    expect(repairLabel("行政处可")).toBe("行政处可");
  });
});
