// The reader-facing options, in-process on the seed report (test/fixtures/corpus/seed.txt: 梁平区,
// 2021, 70 new requests): Chinese labels in, Chinese headers out, no BOM on request, NDJSON, XLSX,
// JSON for compare, Datasette metadata.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as compare } from "../../src/cli/compare.ts";
import { run as exportCmd } from "../../src/cli/export.ts";
import { run as load } from "../../src/cli/load.ts";
import { run as metrics } from "../../src/cli/metrics.ts";
import { capture } from "../cli/_capture.ts";
import { datasetName } from "../load/_fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "gongkai-readers-"));
const db = datasetName(join(dir, "seed.db"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  expect((await capture(load, ["test/fixtures/corpus/seed.txt", "--db", db, "--quiet"])).code).toBe(0);
});

describe("reader options", () => {
  it("metrics: the dictionary as CSV without BOM, Chinese headers", async () => {
    const { code, out } = await capture(metrics, ["--format", "csv", "--no-bom"]);
    expect(code).toBe(0);
    const lines = out.split("\r\n");
    expect(lines[0]).toBe("代码,指标,部分,单位,类型,表式版本,英文名称,可跨版比较,派生小计,说明");
    expect(lines).toContain(
      "proactive.fees.amount_wan_yuan,行政事业性收费 / 本年收费金额(单位:万元),二、主动公开政府信息情况,万元,money（金额）,2021,administrative fees / fees collected (10k CNY),0,0,",
    );
  });

  it("export: Chinese headers, no BOM, counts as integers", async () => {
    const { code, out } = await capture(exportCmd, ["--format", "csv", "--labels", "zh", "--no-bom", "--db", db]);
    expect(code).toBe(0);
    expect(out.startsWith("机关标识,报告标识,报告编号（本库）,机关,")).toBe(true);
    const [head, row] = out.split("\r\n").map((l) => l.split(","));
    const i = head!.indexOf("一、本年新收政府信息公开申请数量 / 总计(件)");
    expect(i).toBeGreaterThan(0);
    expect(row![i]).toBe("70");
  });

  it("export: NDJSON, one object per report", async () => {
    const { out } = await capture(exportCmd, ["--format", "ndjson", "--db", db]);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ agency: "梁平区人民政府", year: 2021, requests_new_total: 70 });
  });

  it("export: XLSX with a sheet per view, the 说明 sheet and the dictionary", async () => {
    const file = join(dir, "out.xlsx");
    const { code } = await capture(exportCmd, [
      "--format",
      "xlsx",
      "--view",
      "report_wide",
      "--view",
      "current_facts",
      "--out",
      file,
      "--db",
      db,
    ]);
    expect(code).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    // Part names are stored uncompressed in the ZIP directory: two views, 说明 and 指标说明.
    const names = bytes.toString("latin1").match(/xl\/worksheets\/sheet\d+\.xml/g) ?? [];
    expect(new Set(names).size).toBe(4);
  });

  it("compare: --metric by Chinese label, JSON with coverage", async () => {
    const { code, out } = await capture(compare, [
      "--year",
      "2021",
      "--metric",
      "本年新收",
      "--format",
      "json",
      "--db",
      db,
    ]);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.metric.key).toBe("requests.new.total");
    // Prefecture- and county-level divisions of GB/T 2260, without the nine 市辖区/县/直辖 placeholders.
    expect(j.coverage).toEqual({
      divisions: 3308,
      withReport: 1,
      sentence: "1 of 3308 prefecture- and county-level divisions have a 2021 report in the dataset",
    });
    expect(j.rows[0]).toMatchObject({
      rank: 1,
      agency: "梁平区人民政府",
      "requests.new.total": 70,
      region_code: "500155",
    });
  });

  it("export --datasette: column labels and facets", async () => {
    const file = join(dir, "metadata.json");
    expect((await capture(exportCmd, ["--datasette", file, "--db", db])).code).toBe(0);
    const m = JSON.parse(readFileSync(file, "utf8"));
    const wide = m.databases.gongkai.tables.report_wide;
    expect(wide.columns.requests_new_total).toBe(
      "一、本年新收政府信息公开申请数量 / 总计（单位：件） — requests.new.total: new requests this year / total",
    );
    expect(wide.facets).toEqual(["year", "province", "template", "status"]);
  });
});
