// OCR'd pages → the row-band reader's segments, and the guard applied to the assembled result: every
// number read by OCR gets method `ocr` and the engine's confidence (always below 1); a number the
// engine was unsure of, or that a seal lies over, is flagged; the identities (checked by the
// assembler like any other report) flag the tables they fail in. Nothing is corrected. Pure.
import { rebuildRows } from "../../_pdf-rows.ts";
import type { Flag, ParseResult, ReadDoc } from "../../types.ts";
import { type Box, overlaps } from "./_raster.ts";
import type { OcrItem } from "./_tsv.ts";
import type { OcrResult } from "./ocr.ts";

/** Below this engine confidence a number is flagged (Tesseract's clean digits score 90+). */
export const OCR_MIN_CONFIDENCE = 0.85;
/** The most an OCR'd cell can claim: the engine never knows for certain. */
const OCR_MAX_CONFIDENCE = 0.99;

interface Where {
  item: OcrItem;
  seals: Box[];
}

/** The locator the row reader gives a fragment starting with this item (src/parse/_pdf-rows.ts `loc`). */
const locatorOf = (page: number, it: OcrItem) => `p${page} x=${Math.round(it.x)} y=${Math.round(it.y)}`;

export interface OcrDoc {
  doc: ReadDoc;
  /** Fragment locator → the OCR item it starts with. */
  where: Map<string, Where>;
}

export function readOcrPages(ocr: OcrResult): OcrDoc {
  const where = new Map<string, Where>();
  for (const p of ocr.pages) for (const it of p.items) where.set(locatorOf(p.number, it), { item: it, seals: p.seals });
  const { segments, text } = rebuildRows(ocr.pages);
  const flags: Flag[] = [];
  if (ocr.pages.every((p) => p.items.length === 0))
    flags.push({ key: null, code: "OCR_NO_TEXT", message: "OCR found no text on any page" });
  if (ocr.skippedPages > 0)
    flags.push({
      key: null,
      code: "OCR_PAGES_SKIPPED",
      message: `${ocr.skippedPages} page(s) after page ${ocr.pages.length} were not OCR'd`,
    });
  for (const p of ocr.pages)
    for (const it of p.items)
      if (it.read !== undefined)
        flags.push({
          key: null,
          code: "OCR_LABEL_REPAIRED",
          message: `row label read as '${it.read}' taken as '${it.str}' (one character from the form's words) at ${locatorOf(p.number, it)}`,
        });
  const seals = ocr.pages.reduce((n, p) => n + p.seals.length, 0);
  if (seals > 0)
    flags.push({
      key: null,
      code: "OCR_SEAL_REMOVED",
      message: `${seals} seal region(s) (red ink) removed before OCR; numbers under them are flagged`,
    });
  return { doc: { shape: "ocr-rows", segments, text, meta: {}, flags }, where };
}

/** Mark every cell of an OCR'd report as such and flag the numbers the engine or a seal makes doubtful. */
export function guardOcr(result: ParseResult, where: ReadonlyMap<string, Where>): ParseResult {
  const flags: Flag[] = [];
  for (const [key, cell] of Object.entries(result.cells)) {
    const w = cell.locator ? where.get(cell.locator) : undefined;
    const value = result.facts[key];
    const engine = w ? w.item.conf : 0;
    cell.confidence = Math.min(cell.confidence, engine, OCR_MAX_CONFIDENCE);
    cell.method = "ocr";
    if (value === null || value === undefined) continue;
    if (!w) {
      flags.push({ key, code: "OCR_UNLOCATED", message: `'${cell.raw}' has no OCR word behind it; not trusted` });
      continue;
    }
    if (w.item.conf < OCR_MIN_CONFIDENCE)
      flags.push({
        key,
        code: "OCR_LOW_CONFIDENCE",
        message: `'${cell.raw}' read with engine confidence ${Math.round(w.item.conf * 100)}% at ${cell.locator}`,
      });
    if (w.seals.some((s) => overlaps(s, w.item.box)))
      flags.push({ key, code: "OCR_SEAL_OVERLAP", message: `'${cell.raw}' at ${cell.locator} lies under a seal` });
  }
  // An identity vouches for its numbers only when all of them were read with confidence: one that
  // holds over a doubtful number may hold because two misreadings cancel (6 + 1 = 7 for 69 + 1 = 70).
  const doubtful = new Set<string>(flags.flatMap((f) => (f.key ? [f.key] : [])));
  for (const [key, cell] of Object.entries(result.cells)) if (cell.confidence === 0) doubtful.add(key);
  const unverified = new Set<string>();
  for (const c of result.checks) {
    if (!c.hard || !c.keys.some((k) => doubtful.has(k))) continue;
    for (const k of c.keys) if (!doubtful.has(k) && result.facts[k] != null) unverified.add(k);
  }
  for (const key of unverified)
    flags.push({
      key,
      code: "OCR_UNVERIFIED",
      message: `'${result.cells[key]?.raw}': an identity it is in also holds a doubtful OCR'd number, so it cannot vouch for it`,
    });
  const all = [...result.flags, ...flags];
  const status = result.status === "ok" && all.length > 0 ? "flagged" : result.status;
  return { ...result, flags: all, status };
}
