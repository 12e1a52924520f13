// `gongkai export --release DIR`: a dataset researchers can cite. CSV files (long facts with
// provenance, wide reports, the metrics dictionary, coverage), a Frictionless datapackage.json that
// describes every file and column with the parser version and a dataset checksum, and a Datasette
// metadata.json. Files are written row by row; CSVs are UTF-8 without BOM, headers are keys (the
// Chinese labels are each field's title).
import { createHash } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { Database } from "../db/index.ts";
import { renderCsvRow } from "./csv.ts";
import { PARSER_VERSION } from "../parse/version.ts";
import { renderAgencyUid, renderReportUid } from "./agency.ts";
import { describeColumn } from "./columns.ts";
import { queryCoverageView } from "./coverage-view.ts";
import { listYears } from "./compare-view.ts";
import { planDatasetteMetadata } from "./datasette.ts";
import { planMetricsTable } from "./metrics-table.ts";
import { type Cell, type Column, type DataTable, normalizeCell } from "./table.ts";

/** docs/data-note.md, from src/query or dist/query alike. */
const DATA_NOTE = fileURLToPath(new URL("../../docs/data-note.md", import.meta.url));

export interface ReleaseSummary {
  dir: string;
  files: { path: string; rows: number; sha256: string }[];
  checksum: string;
}

const FRICTIONLESS_TYPE: Record<Column["kind"], string> = {
  text: "string",
  count: "integer",
  signed: "integer",
  money: "number",
  rate: "number",
  year: "integer",
  id: "integer",
};

/** Streams rows into a CSV file (no BOM); returns the row count. */
function writeCsv(file: string, columns: readonly Column[], rows: Iterable<Cell[]>): number {
  const fd = openSync(file, "w");
  let n = 0;
  let buf = renderCsvRow(columns.map((c) => c.key));
  try {
    for (const r of rows) {
      buf += renderCsvRow(r.map((v, i) => normalizeCell(columns[i] as Column, v)));
      n++;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = "";
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
  return n;
}

function* withUids(rows: Iterable<unknown[]>, iCode: number, iAgency: number, iYear: number, iVersion: number) {
  for (const r of rows) {
    const uid = renderAgencyUid(r[iCode] as string | null, r[iAgency] as string | null);
    yield [uid, renderReportUid(uid, r[iYear] as number | null, r[iVersion] as number), ...r] as Cell[];
  }
}

const FACTS_SQL = `SELECT r.region_code, r.agency, r.year, r.version, r.id AS report_id, f.key, f.value, f.raw, f.flagged,
  f.locator, f.confidence, f.method, r.template, r.status, r.parser_version, d.url, d.sha256, d.fetched_at, p.rendition
FROM reports r JOIN facts f ON f.report_id = r.id JOIN documents d ON d.id = r.document_id
LEFT JOIN report_documents p ON p.report_id = r.id AND p.document_id = r.document_id
WHERE r.current = 1 ORDER BY r.id, f.key`;

export function writeRelease(db: Database, dir: string, opts: { version?: string } = {}): ReleaseSummary {
  mkdirSync(dir, { recursive: true });
  const files: ReleaseSummary["files"] = [];
  const schemas: { name: string; path: string; title: string; description: string; columns: Column[] }[] = [];
  const add = (name: string, title: string, description: string, columns: Column[], rows: Iterable<Cell[]>) => {
    const path = `${name}.csv`;
    const n = writeCsv(join(dir, path), columns, rows);
    files.push({
      path,
      rows: n,
      sha256: createHash("sha256")
        .update(readFileSync(join(dir, path)))
        .digest("hex"),
    });
    schemas.push({ name, path, title, description, columns });
  };

  const facts = db.prepare(FACTS_SQL).raw();
  const factCols = facts.columns().map((c) => c.name);
  add(
    "facts",
    "事实（长表，含出处）",
    "One row per printed cell of every current report version, with where it came from.",
    [describeColumn("agency_uid"), describeColumn("report_uid"), ...factCols.map(describeColumn)],
    withUids(facts.iterate() as Iterable<unknown[]>, 0, 1, 2, 3),
  );

  const wide = db.prepare("SELECT * FROM report_wide").raw();
  const wideCols = wide.columns().map((c) => c.name);
  const at = (n: string) => wideCols.indexOf(n);
  add(
    "reports",
    "报告（宽表）",
    "One row per current report version, one column per metric; blank = printed blank, never 0.",
    [describeColumn("agency_uid"), describeColumn("report_uid"), ...wideCols.map(describeColumn)],
    withUids(wide.iterate() as Iterable<unknown[]>, at("region_code"), at("agency"), at("year"), at("version")),
  );

  const metrics: DataTable = planMetricsTable();
  add(
    "metrics",
    "指标说明",
    "The data dictionary: every metric key with its printed Chinese label.",
    metrics.columns,
    metrics.rows,
  );

  const coverageCols: Column[] = [
    describeColumn("year"),
    { key: "province_code", zh: "区划代码", kind: "text", note: "province code" },
    { key: "province", zh: "省级行政区", kind: "text" },
    {
      key: "divisions",
      zh: "地级和县级区划数",
      kind: "count",
      note: "prefecture- and county-level divisions (GB/T 2260, 2023)",
    },
    { key: "with_any", zh: "有任一年报告的区划", kind: "count" },
    { key: "with_year", zh: "有该年报告的区划", kind: "count" },
    { key: "reports", zh: "该年报告数", kind: "count" },
    { key: "flagged", zh: "该年被标记的报告", kind: "count" },
  ];
  const coverageRows: Cell[][] = [];
  for (const y of listYears(db))
    for (const r of queryCoverageView(db, y))
      coverageRows.push([y, r.province_code, r.province, r.divisions, r.with_any, r.with_year, r.reports, r.flagged]);
  add("coverage", "覆盖情况", "By year and province: divisions with a report.", coverageCols, coverageRows);

  const checksum = createHash("sha256")
    .update(files.map((f) => `${f.sha256}  ${f.path}\n`).join(""))
    .digest("hex");
  const parserVersions = db
    .prepare("SELECT DISTINCT parser_version FROM reports WHERE current = 1 ORDER BY 1")
    .pluck()
    .all() as string[];
  const pkg = {
    profile: "tabular-data-package",
    name: "gongkai-disclosure-reports",
    title: "政府信息公开工作年度报告数据 (gongkai)",
    description:
      "Numbers from Chinese government information disclosure annual reports, each traced to the archived document it was printed in. See docs/data-note.md.",
    version: opts.version ?? PARSER_VERSION,
    created: new Date().toISOString(),
    // No licence name is claimed for the data: the numbers come from public government documents,
    // and what that allows is explained in the note, not asserted by an identifier.
    licenses: [
      {
        path: "DATA-NOTE.md",
        title: "Numbers and short printed texts from public government documents (政府信息公开); see DATA-NOTE.md",
      },
    ],
    sources: [{ title: "政府信息公开工作年度报告 on government websites (URLs per row in facts.csv)" }],
    gongkai: { parser_version: PARSER_VERSION, parser_versions_in_data: parserVersions, dataset_sha256: checksum },
    resources: schemas.map((s) => {
      const f = files.find((x) => x.path === s.path)!;
      return {
        name: s.name,
        path: s.path,
        title: s.title,
        description: s.description,
        profile: "tabular-data-resource",
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        bytes: statSync(join(dir, s.path)).size,
        hash: `sha256:${f.sha256}`,
        rows: f.rows,
        schema: {
          fields: s.columns.map((c) => ({
            name: c.key,
            type: FRICTIONLESS_TYPE[c.kind],
            title: c.zh,
            ...(c.note ? { description: c.note } : {}),
            ...(c.unit ? { unit: c.unit } : {}),
          })),
          missingValues: [""],
        },
      };
    }),
  };
  writeFileSync(join(dir, "datapackage.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, "metadata.json"), `${JSON.stringify(planDatasetteMetadata(db), null, 2)}\n`);
  if (existsSync(DATA_NOTE)) copyFileSync(DATA_NOTE, join(dir, "DATA-NOTE.md"));
  writeFileSync(join(dir, "SHA256SUMS"), files.map((f) => `${f.sha256}  ${f.path}\n`).join(""));
  return { dir, files, checksum };
}
