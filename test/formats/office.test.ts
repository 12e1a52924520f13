// Office documents. The seed report written by LibreOffice as DOCX, DOC, WPS, XLSX, XLS and
// ET (test/fixtures/office/make-fixtures.sh) must give the seed's 200 hand-checked facts; DOCX and
// XLSX are read from their XML, the binary formats through a LibreOffice conversion.
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ParseError, parseDocument, type ParseResult } from "../../src/parse/index.ts";
import { findTool, resetTools } from "../../src/parse/read/_tools.ts";
import { docxToHtml } from "../../src/parse/read/office/read-docx.ts";
import { readXlsxSheets } from "../../src/parse/read/office/read-xlsx.ts";
import { readExpected, readFixtureBytes } from "../helpers.ts";

const seed = readExpected("corpus/seed.expected.json");
const parse = (rel: string): Promise<ParseResult> => parseDocument({ bytes: readFixtureBytes(rel), path: rel });

/** LibreOffice takes 3–10 s to start on a busy machine. */
const SOFFICE_MS = 120_000;

describe("the tools CI installs (.ci/run) are present: these tests fail, never skip, without them", () => {
  it.each([["soffice"], ["pdftoppm"], ["tesseract"], ["convert"]])("%s is on PATH", async (tool) => {
    expect(await findTool([tool]), `${tool} is missing: see README, optional system packages`).toBeDefined();
  });
});

describe("DOCX and XLSX from their XML", () => {
  it("seed.docx: the 200 facts, status ok, read from the package's XML", async () => {
    const r = await parse("office/seed.docx");
    expect(r.facts).toEqual(seed.facts);
    expect(r.status).toBe("ok");
    expect(r.flags).toEqual([]);
    expect(r.report).toMatchObject({ year: 2021, template: "2021", region: "重庆市梁平区" });
    expect(r.source).toMatchObject({
      shape: "html-table",
      media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      rendition: { method: "docx", read: "docx" },
    });
  });

  it("seed.docx: vMerge and gridSpan become the seed page's rowspan and colspan", () => {
    const html = docxToHtml(readFixtureBytes("office/seed.docx"));
    // As in parse/html/seed-2021.utf8.html: 三、本年度办理结果 spans 22 rows, (三)不予公开 8, (四)无法提供 3.
    expect(html).toMatch(/<td rowspan="22"><p>三、本年度办理结果<\/p><\/td>/);
    expect(html).toMatch(/<td rowspan="8"><p>（三）不予公开<\/p><\/td>/);
    expect(html).toMatch(/<td rowspan="3"><p>（四）无法提供<\/p><\/td>/);
    expect(html).toMatch(/<td colspan="3" rowspan="3"><p>（本列数据的勾稽关系为/);
    expect(html).toContain('<td colspan="2"><p>（一）予以公开</p></td><td><p>27</p></td>');
  });

  it("seed.xlsx: the 200 facts, status ok, read by sheet and cell", async () => {
    const r = await parse("office/seed.xlsx");
    expect(r.facts).toEqual(seed.facts);
    expect(r.status).toBe("ok");
    expect(r.flags).toEqual([]);
    expect(r.source.rendition).toEqual({ method: "xlsx", read: "xlsx" });
    const [sheet] = readXlsxSheets(readFixtureBytes("office/seed.xlsx"));
    // 行政事业性收费 5644.23 (万元) is a number cell in the sheet, printed as in the report.
    expect(sheet!.cells.some((c) => c.text === "5644.23")).toBe(true);
    expect(sheet!.merges.length).toBeGreaterThan(20);
  });

  it("a truncated package is UNREADABLE (its ZIP directory is gone)", async () => {
    const docx = readFixtureBytes("office/seed.docx");
    await expect(parseDocument({ bytes: docx.subarray(0, 4000), path: "cut.docx" })).rejects.toMatchObject({
      code: "UNREADABLE",
    });
  });
});

describe.concurrent("DOC, WPS, XLS and ET through LibreOffice", () => {
  it.each([
    ["seed.doc", "application/msword", "docx"],
    ["seed.wps", "application/vnd.ms-works", "docx"],
    ["seed.xls", "application/vnd.ms-excel", "xlsx"],
    ["seed.et", "application/vnd.ms-excel", "xlsx"],
  ])(
    "%s (%s): the 200 facts, status ok, read from LibreOffice's %s",
    async (file, media, read) => {
      const r = await parse(`office/${file}`);
      expect(r.facts).toEqual(seed.facts);
      expect(r.status).toBe("ok");
      expect(r.flags).toEqual([]);
      expect(r.source.media_type).toBe(media);
      expect(r.source.rendition).toMatchObject({
        method: "libreoffice",
        read,
        tool: expect.stringMatching(/^LibreOffice \d/),
      });
    },
    SOFFICE_MS,
  );
});

describe("a missing tool is an error naming the Debian package, never a silent skip", () => {
  const saved = process.env.PATH;
  let dir: string | undefined;
  afterEach(() => {
    process.env.PATH = saved;
    resetTools();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  /** PATH holding only these tools (linked from where they are installed). */
  async function pathWith(...tools: string[]): Promise<void> {
    const links = mkdtempSync(join(tmpdir(), "gongkai-path-"));
    dir = links;
    for (const t of tools) symlinkSync((await findTool([t]))!, join(links, t));
    process.env.PATH = links;
    resetTools();
  }

  it.each([
    ["seed.doc", "libreoffice-writer-nogui"],
    ["seed.et", "libreoffice-calc-nogui"],
  ])("%s without LibreOffice: CONVERTER_MISSING naming %s", async (file, pkg) => {
    await pathWith();
    const err = await parse(`office/${file}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ code: "CONVERTER_MISSING", source: `office/${file}` });
    expect((err as Error).message).toContain(pkg);
  });

  it("a scanned PDF without pdftoppm: OCR_MISSING naming poppler-utils", async () => {
    await pathWith("tesseract");
    await expect(parse("scan/seed-150.pdf")).rejects.toMatchObject({
      code: "OCR_MISSING",
      message: expect.stringContaining("poppler-utils"),
    });
  });

  it("a scanned PDF without Tesseract: OCR_MISSING naming tesseract-ocr", async () => {
    await pathWith("pdftoppm");
    await expect(parse("scan/seed-150.pdf")).rejects.toMatchObject({
      code: "OCR_MISSING",
      message: expect.stringContaining("tesseract-ocr"),
    });
  });

  it("an image without ImageMagick: OCR_MISSING naming imagemagick", async () => {
    await pathWith("tesseract", "pdftoppm");
    await expect(parse("scan/photo-p2.jpg")).rejects.toMatchObject({
      code: "OCR_MISSING",
      message: expect.stringContaining("imagemagick"),
    });
  });
});
