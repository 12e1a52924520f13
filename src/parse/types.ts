// The `parse --json` contract of docs/spec/SCHEMA.md, as zod schemas; types come from z.infer.
import { z } from "zod";

export const TemplateSchema = z.enum(["2021", "2019", "pre2019", "unknown"]);
export type Template = z.infer<typeof TemplateSchema>;

/** Which reader rebuilt the tables (docs/spec/FORMATS.md §10). */
export const ShapeSchema = z.enum([
  "bar-text",
  "cell-lines",
  "glued-text",
  "html-table",
  "pdf-text",
  "ocr-rows",
  "none",
]);
export type Shape = z.infer<typeof ShapeSchema>;

export const FlagSchema = z.object({
  key: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type Flag = z.infer<typeof FlagSchema>;

export const CheckSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  /** Hard identities decide `status`; soft ones only warn (docs/spec/FORMATS.md §7.3). */
  hard: z.boolean(),
  keys: z.array(z.string()),
  expected: z.number().nullable(),
  actual: z.number().nullable(),
  /** Keys that were blank (null) and counted as 0. */
  blank: z.array(z.string()),
});
export type Check = z.infer<typeof CheckSchema>;

export const CellSchema = z.object({
  raw: z.string(),
  confidence: z.number(),
  /**
   * How the value was read: printed in its own cell, chosen among the splits of a glued run by an
   * identity, by a figure the report's prose states, or agreed by every admissible split.
   */
  method: z.enum(["direct", "split-by-identity", "split-by-prose", "split-agreed", "ordinal", "ocr"]),
  /** Where the cell came from: line range, DOM path, or page + position. */
  locator: z.string().optional(),
  unit: z.string().optional(),
  /** For `split-by-prose`: the sentence whose figure chose the reading. */
  evidence: z.string().optional(),
});
export type Cell = z.infer<typeof CellSchema>;

export const ReportMetaSchema = z.object({
  title: z.string().nullable(),
  region: z.string().nullable(),
  agency: z.string().nullable(),
  year: z.number().int().nullable(),
  template: TemplateSchema,
  published: z.string().nullable(),
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

/**
 * The rendition the facts were read from when it is not the bytes as given (SCHEMA.md): an Office
 * package's XML, a LibreOffice conversion, or OCR of page images. Absent for text, HTML and PDF text.
 */
export const RenditionSchema = z.object({
  method: z.enum(["docx", "xlsx", "libreoffice", "ocr"]),
  /** What was read: `docx`, `xlsx`, or `page images`. */
  read: z.string(),
  /** The program and settings that made the rendition (`LibreOffice 7.4.7.2`, `tesseract 5.3.0 chi_sim+eng, pdftoppm 300 dpi`). */
  tool: z.string().optional(),
});
export type Rendition = z.infer<typeof RenditionSchema>;

export const SourceSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  media_type: z.string(),
  shape: ShapeSchema,
  charset: z.string().optional(),
  rendition: RenditionSchema.optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const NarrativeSchema = z.object({
  overview: z.string().nullable(),
  problems: z.string().nullable(),
  other: z.string().nullable(),
});
export type Narrative = z.infer<typeof NarrativeSchema>;

export const StatusSchema = z.enum(["ok", "flagged", "failed"]);
export type Status = z.infer<typeof StatusSchema>;

export const ParseResultSchema = z.object({
  source: SourceSchema,
  report: ReportMetaSchema,
  facts: z.record(z.string(), z.number().nullable()),
  cells: z.record(z.string(), CellSchema),
  checks: z.array(CheckSchema),
  flags: z.array(FlagSchema),
  status: StatusSchema,
  narrative: NarrativeSchema,
  parser_version: z.string(),
});
export type ParseResult = z.infer<typeof ParseResultSchema>;

/**
 * What every shape reader hands to the shape-independent assembler: the report's text cut into
 * segments in reading order. `cell` segments are table cells (a label, a number, a blank);
 * the others are headings and prose. Readers rebuild order (PDF coordinates, HTML spans); the
 * assembler maps labels to keys and values to cells.
 */
export interface Segment {
  text: string;
  cell: boolean;
  /** A digit run whose cell boundaries were lost (glued page text): the assembler splits it. */
  glued?: boolean;
  /** The cell begins a new table row (HTML `<tr>`, PDF row band); unknown for flattened text. */
  rowStart?: boolean;
  locator?: string;
}

/** Metadata a page carries outside the report body (HTML meta tags, a crawler's site entry). */
export interface PageMeta {
  title?: string;
  published?: string;
  /** The CMS column the page is filed in (`<meta name="ColumnName">`), e.g. 政府信息公开年报. */
  column?: string;
  region?: string;
  agency?: string;
}

export interface ReadDoc {
  shape: Shape;
  segments: Segment[];
  /** The report's plain text (for metadata, template signatures and narrative). */
  text: string;
  /** `text` normalised with all whitespace removed, when the reader already has it. */
  flat?: string;
  meta: PageMeta;
  flags: Flag[];
}
