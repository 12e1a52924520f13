// What a hostile report puts in its title or agency name must neither run as a
// formula when the CSV is opened in Excel/WPS nor drive the terminal (clear screen, window title).
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeLines, safeText } from "../../src/cli/render/safe-text.ts";
import { renderTable } from "../../src/cli/render/table.ts";
import { renderRunSummary } from "../../src/cli/render/run-summary.ts";
import { renderErrorLine } from "../../src/cli/exit.ts";
import { loadParsed, openDatabase } from "../../src/load/index.ts";
import { renderCsvField } from "../../src/query/index.ts";
import { docFor, fixedClock, seedResult } from "../load/_fixtures.ts";
import { ensureBuilt, gongkai } from "../cli-helpers.ts";

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const PWN = "\x1b[2J\x1b]0;PWNED\x07\x1b[31m梁平区";

const dir = mkdtempSync(join(tmpdir(), "gongkai-hostile-"));
const db = join(dir, "hostile.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  ensureBuilt();
  const h = openDatabase(db);
  const agencies = ['=HYPERLINK("http://x.cn/?leak","点")梁平区', "-2+3+cmd|'/C calc'!A0县", "@SUM(A1)区", PWN];
  agencies.forEach((agency, i) => {
    const r = seedResult((x) => {
      x.report.agency = agency;
      x.report.title = `${agency}2021年政府信息公开工作年度报告`;
      x.facts["requests.new.total"] = 70 - i;
    });
    loadParsed(h, docFor(r, { url: `https://example.gov.cn/${i}.html` }), r, { now: fixedClock });
  });
  h.close();
});

describe("CSV formula injection (OWASP: a leading ' for text cells)", () => {
  it("neutralises text that starts with = + - @ tab or CR, and quotes it", () => {
    expect(renderCsvField("=1+1")).toBe(`"'=1+1"`);
    expect(renderCsvField("+1+cmd")).toBe(`"'+1+cmd"`);
    expect(renderCsvField("-2+3")).toBe(`"'-2+3"`);
    expect(renderCsvField("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(renderCsvField("\t=1")).toBe(`"'\t=1"`);
    expect(renderCsvField("\r=1")).toBe(`"'\r=1"`);
    expect(renderCsvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it("leaves numbers, and text that is only a number, as they are", () => {
    expect(renderCsvField(-3)).toBe("-3");
    expect(renderCsvField(-0.5)).toBe("-0.5");
    expect(renderCsvField("-3")).toBe("-3");
    expect(renderCsvField("+1.5")).toBe("+1.5");
    expect(renderCsvField("梁平区")).toBe("梁平区");
    expect(renderCsvField("a=b")).toBe("a=b");
    expect(renderCsvField(null)).toBe("");
  });

  it("export, compare and series write no cell that starts a formula", () => {
    const outputs = [
      gongkai(["export", "--format", "csv", "--db", db]),
      gongkai(["compare", "--year", "2021", "--metric", "requests.new.total", "--format", "csv", "--db", db]),
      gongkai(["series", "--region", "500000", "--metric", "requests.new.total", "--format", "csv", "--db", db]),
    ];
    for (const r of outputs) {
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.slice(1).split("\r\n");
      // Every field of every line: unquoted fields must not start with = + - @; quoted ones must start with '.
      for (const line of lines)
        for (const m of line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)) {
          const field = m[1] ?? "";
          const text = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
          if (/^[=+\-@\t\r]/.test(text)) expect(text).toMatch(/^[+-]?\d+(\.\d+)?$/);
        }
      expect(r.stdout).toContain(`"'=HYPERLINK(""http://x.cn/?leak"",""点"")梁平区"`);
      expect(r.stdout).toContain(`"'@SUM(A1)区"`);
    }
    // The compare CSV keeps its numbers as numbers.
    expect(outputs[1]!.stdout).toMatch(/\r\n1,"'=HYPERLINK\(.*\)梁平区",500155,梁平区,70,2021,ok,0,1\r\n/);
  });
});

describe("terminal escape sequences", () => {
  it("safeText escapes C0, C1, DEL and bidi controls; safeLines keeps newlines and tabs", () => {
    expect(safeText(PWN)).toBe("\\x1b[2J\\x1b]0;PWNED\\x07\\x1b[31m梁平区");
    expect(safeText("a\u009b2Jb\u202etxt.exe\u2066")).toBe("a\\x9b2Jb\\u202etxt.exe\\u2066");
    expect(safeText("a\tb\nc\x7f")).toBe("a\\x09b\\x0ac\\x7f");
    expect(safeLines("a\tb\nc\x1b")).toBe("a\tb\nc\\x1b");
    expect(safeText("梁平区 · 2021")).toBe("梁平区 · 2021");
  });

  it("the table renderer, the run summary and the error printer print no control character", () => {
    expect(renderTable(["agency"], [[PWN]])).not.toMatch(CONTROL);
    expect(renderErrorLine("export", new Error(`${PWN} broke`))).not.toMatch(CONTROL);
    const summary = renderRunSummary({
      startedAt: "2026-01-01T00:00:00.000Z",
      finishedAt: "2026-01-01T00:00:01.000Z",
      durationMs: 1000,
      ok: false,
      interrupted: false,
      sites: { total: 1, visited: 1, withErrors: [] },
      crawl: null,
      reports: { new: 0, changed: 0, reparsed: 0, rendition: 0, unchanged: 0, failed: 1 },
      failures: { NOT_A_REPORT: 1 },
      coverage: { year: 2021, divisions: 1, withReport: 0, sitesWithoutReport: ["x"], sitesWithoutDivision: [] },
      checks: { reportsFlagged: 0, failing: {} },
      documents: [],
      failedUrls: [{ stage: "load", url: `http://x/${PWN}`, class: "NOT_A_REPORT", group: "NOT_A_REPORT" }],
      failedUrlsOmitted: 0,
    });
    expect(summary).toContain("NOT_A_REPORT http://x/\\x1b[2J");
    expect(summary).not.toMatch(CONTROL);
  });

  it("parse, compare and series print a hostile title or agency escaped", () => {
    // A report saved under a hostile name: the file name heads parse's output.
    const named = join(dir, "\x1b]0;PWNED\x07\u202eseed.txt");
    copyFileSync("test/fixtures/corpus/seed.txt", named);
    const parsed = gongkai(["parse", named]);
    expect(parsed.status, parsed.stderr).toBe(0);
    expect(parsed.stdout).toContain("\\x1b]0;PWNED\\x07\\u202eseed.txt  ok");
    for (const r of [
      parsed,
      gongkai(["compare", "--year", "2021", "--metric", "requests.new.total", "--db", db]),
      gongkai(["series", "--agency", "PWNED", "--db", db]),
    ]) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(CONTROL);
      expect(r.stderr).not.toMatch(CONTROL);
    }
    expect(gongkai(["series", "--agency", "PWNED", "--db", db]).stdout).toContain("\\x1b[2J\\x1b]0;PWNED\\x07");
  });

  it("an error line quoting a hostile file name is escaped", () => {
    const r = gongkai(["parse", join(dir, "\x1b]0;PWNED\x07.txt")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("\\x1b]0;PWNED\\x07.txt");
    expect(r.stderr).not.toMatch(CONTROL);
  });
});
