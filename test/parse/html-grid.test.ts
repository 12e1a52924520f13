// The HTML table model (PARSE.md §2): one fixture per span pitfall in test/fixtures/parse/html/grid.
// Each file states its expectation in a leading comment: the span-copied slots (`.` = no cell,
// `∅` = an empty cell, `⏎` = a line break), the anchor cells row by row (`-` = none), the flags.
import { readdirSync } from "node:fs";
import { load } from "cheerio/slim";
import { describe, expect, test } from "vitest";
import { parseGrid } from "../../src/parse/_grid.ts";
import { fixturePath, readFixture } from "../helpers.ts";

const DIR = "parse/html/grid";
const show = (t: string | undefined): string => (t === undefined ? "." : t === "" ? "∅" : t.replace(/\n/g, "⏎"));

interface Expect {
  slots?: string[][];
  anchors?: string[][];
  width?: number;
  height?: number;
  flags: string[];
}

function expectation(comment: string): Expect {
  const out: Expect = { flags: [] };
  let block: "slots" | "anchors" | null = null;
  for (const raw of comment.split("\n").slice(1)) {
    const line = raw.trim();
    const kv = /^(slots|anchors|width|height|flags):\s*(.*)$/.exec(line);
    if (kv) {
      const [, k, v] = kv;
      if (k === "slots" || k === "anchors") {
        block = k;
        out[k] = [];
      } else if (k === "flags") out.flags = v === "none" ? [] : v!.split(/\s+/);
      else out[k as "width" | "height"] = Number(v);
      continue;
    }
    if (block && line) out[block]!.push(line === "-" ? [] : line.split(/\s+/));
  }
  return out;
}

const files = readdirSync(fixturePath(DIR))
  .filter((f) => f.endsWith(".html"))
  .sort();

describe("HTML table model", () => {
  test("at least 25 span fixtures", () => expect(files.length).toBeGreaterThanOrEqual(25));

  test.each(files)("%s", (file) => {
    const html = readFixture(`${DIR}/${file}`);
    const comment = /<!--\s*case:([\s\S]*?)-->/.exec(html)?.[1];
    if (!comment) throw new Error(`${file} has no case comment`);
    const want = expectation(comment);
    const $ = load(html);
    const grid = parseGrid($("table").first()[0]!);
    if (want.slots) expect(grid.slots.map((row) => row.map((c) => show(c?.text)))).toEqual(want.slots);
    if (want.anchors) expect(grid.rows.map((row) => row.map((c) => show(c.text)))).toEqual(want.anchors);
    if (want.width !== undefined) expect(grid.width).toBe(want.width);
    if (want.height !== undefined) expect(grid.height).toBe(want.height);
    expect(grid.flags.map((f) => f.code)).toEqual(want.flags);
  });
});
