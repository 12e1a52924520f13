// XLSX (Office Open XML, SpreadsheetML) written directly: one sheet per table, a bold Chinese header
// row, numbers as numbers (counts without decimals, amounts with two, rates as percentages), blank
// cells left out (never 0). Inline strings keep it to one part per sheet. Pure: returns bytes.
import { type Column, type DataTable, normalizeCell, renderHeader } from "./table.ts";
import { renderZip } from "./_zip.ts";

const XML_SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const esc = (s: string): string =>
  XML_SPECIAL.test(s)
    ? s
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
    : s;

function colName(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Style ids of styles.xml below: 1 header, 2 integer, 3 amount, 4 percent. */
const styleOf = (c: Column): number =>
  c.kind === "money" ? 3 : c.kind === "rate" ? 4 : c.kind === "count" || c.kind === "signed" ? 2 : 0;

function renderSheet(t: DataTable): string {
  const cell = (ref: string, c: Column | null, v: string | number | null, header = false): string => {
    if (v === null || v === "") return "";
    if (typeof v === "number" && c) return `<c r="${ref}" s="${styleOf(c)}"><v>${v}</v></c>`;
    return `<c r="${ref}" t="inlineStr"${header ? ' s="1"' : ""}><is><t xml:space="preserve">${esc(String(v))}</t></is></c>`;
  };
  const rows: string[] = [];
  rows.push(
    `<row r="1">${t.columns.map((c, i) => cell(`${colName(i)}1`, null, renderHeader(c), true)).join("")}</row>`,
  );
  t.rows.forEach((r, ri) => {
    const n = ri + 2;
    rows.push(
      `<row r="${n}">${t.columns.map((c, i) => cell(`${colName(i)}${n}`, c, normalizeCell(c, r[i] ?? null))).join("")}</row>`,
    );
  });
  const widths = t.columns
    .map((c, i) => {
      const w = Math.min(48, Math.max(8, [...renderHeader(c)].length * 2 + 2));
      return `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${widths}</cols><sheetData>${rows.join("")}</sheetData></worksheet>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

/** Excel's sheet-name rules: ≤ 31 characters, none of []:*?/\, unique. */
function sheetNames(tables: readonly DataTable[]): string[] {
  const seen = new Set<string>();
  return tables.map((t) => {
    const base = (t.title || t.name).replace(/[[\]:*?/\\]/g, " ").slice(0, 28) || "Sheet";
    let name = base;
    for (let i = 2; seen.has(name); i++) name = `${base}${i}`;
    seen.add(name);
    return name;
  });
}

export function renderXlsx(tables: readonly DataTable[]): Buffer {
  const names = sheetNames(tables);
  const xml = (s: string) => Buffer.from(s, "utf8");
  const sheets = tables.map((t, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: xml(renderSheet(t)) }));
  const overrides = sheets
    .map(
      (s) =>
        `<Override PartName="/${s.name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join("");
  return renderZip([
    {
      name: "[Content_Types].xml",
      data: xml(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${overrides}</Types>`),
    },
    {
      name: "_rels/.rels",
      data: xml(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    },
    {
      name: "xl/workbook.xml",
      data: xml(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names
        .map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join("")}</sheets></workbook>`),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: xml(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          "",
        )}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
    },
    { name: "xl/styles.xml", data: xml(STYLES) },
    ...sheets,
  ]);
}
