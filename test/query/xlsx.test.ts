// The XLSX writer read back by following the ZIP format by hand (local headers, inflate, CRC-32).
import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderTableCsv } from "../../src/query/table.ts";
import { renderXlsx } from "../../src/query/xlsx.ts";
import type { DataTable } from "../../src/query/table.ts";

function unzip(buf: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const crc = buf.readUInt32LE(at + 14);
    const size = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString("utf8");
    const data = inflateRawSync(buf.subarray(at + 30 + nameLen, at + 30 + nameLen + size));
    expect(crc32(data)).toBe(crc);
    files.set(name, data.toString("utf8"));
    at += 30 + nameLen + size;
  }
  expect(buf.readUInt32LE(buf.length - 22)).toBe(0x06054b50);
  return files;
}

const table: DataTable = {
  name: "t",
  title: "2021年 本年新收",
  columns: [
    { key: "agency", zh: "机关", kind: "text" },
    { key: "requests.new.total", zh: "本年新收", kind: "count", unit: "件" },
    { key: "proactive.fees.amount_wan_yuan", zh: "本年收费金额", kind: "money", unit: "万元" },
  ],
  rows: [
    ["重庆市梁平区人民政府", 70.0, 5644.23],
    ["平潭 & <综合>", null, null],
  ],
};

describe("renderXlsx", () => {
  it("writes a workbook whose sheet holds Chinese headers, numbers as numbers and blanks as no cell", () => {
    const files = unzip(renderXlsx([table]));
    expect([...files.keys()]).toContain("xl/worksheets/sheet1.xml");
    expect(files.get("xl/workbook.xml")).toContain('name="2021年 本年新收"');
    const sheet = files.get("xl/worksheets/sheet1.xml") as string;
    expect(sheet).toContain('<t xml:space="preserve">本年新收(件)</t>');
    expect(sheet).toContain('<c r="B2" s="2"><v>70</v></c>');
    expect(sheet).toContain('<c r="C2" s="3"><v>5644.23</v></c>');
    expect(sheet).toContain("平潭 &amp; &lt;综合&gt;");
    expect(sheet).not.toContain('r="B3"'); // blank, not 0
  });

  it("CSV: counts whole, blanks empty, Chinese or key headers, BOM optional", () => {
    expect(renderTableCsv(table)).toBe(
      "\uFEFF机关,本年新收(件),本年收费金额(万元)\r\n重庆市梁平区人民政府,70,5644.23\r\n平潭 & <综合>,,\r\n",
    );
    expect(renderTableCsv(table, { labels: "key", bom: false }).split("\r\n")[0]).toBe(
      "agency,requests.new.total,proactive.fees.amount_wan_yuan",
    );
  });
});
