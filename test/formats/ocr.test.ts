// Issue 14: OCR of scans and photos, guarded by the identities. The seed PDF rasterised at 300 and
// 150 dpi, a 300 dpi scan with a red seal over section 四, and a phone photo of page 2
// (test/fixtures/office/make-fixtures.sh). The line every scan must hold: no wrong number without a flag.
import { describe, expect, it } from "vitest";
import { parseDocument, type ParseResult } from "../../src/parse/index.ts";
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
      // Measured 155 of 200 (BENCHMARKS.md, formats); the target is 198, not met. A drop below the measured level fails.
      expect(t.right).toBeGreaterThanOrEqual(155);
      expectOcrCells(r);
      expect(r.status).toBe("flagged");
      expect(r.source).toMatchObject({
        media_type: "application/pdf",
        shape: "ocr-rows",
        rendition: {
          method: "ocr",
          read: "page images",
          tool: expect.stringMatching(/^tesseract [\d.]+ chi_sim\+eng, pdftoppm 300 dpi$/),
        },
      });
      // The form is recognised; the year sits in the display title, which OCR misreads here: it stays
      // null (unknown), never guessed.
      expect(r.report).toMatchObject({ template: "2021", region: "重庆市梁平区" });
    },
    OCR_MS,
  );

  it(
    "150 dpi: whatever it reads is right or flagged",
    async () => {
      const r = await parse("scan/seed-150.pdf");
      expect(tally(r).silentWrong).toEqual([]);
      expectOcrCells(r);
      expect(r.status).not.toBe("ok");
    },
    OCR_MS,
  );

  it(
    "a red seal over section 四: its serial number never becomes a cell; numbers under it are flagged or right",
    async () => {
      const r = await parse("scan/seed-300-seal.pdf");
      expect(tally(r).silentWrong).toEqual([]);
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

  it("rulings: ink runs longer than the limit are whitened and returned; short strokes stay", () => {
    const w = 100;
    const h = 20;
    const px = Buffer.alloc(w * h, 255);
    px.fill(0, 5 * w + 10, 5 * w + 90); // a ruling 80 px long on row 5
    px.fill(0, 12 * w + 10, 12 * w + 30); // a 20 px stroke on row 12
    const pgm = Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), px]);
    const rulings = removeRulings(pgm, w, h, 60);
    expect(rulings.map(({ y, x0, x1 }) => ({ y, x0, x1 }))).toEqual([{ y: 5, x0: 10, x1: 90 }]);
    const out = pgm.subarray(pgm.length - w * h);
    expect(out[5 * w + 50]).toBe(255);
    expect(out[12 * w + 20]).toBe(0);
  });
});
