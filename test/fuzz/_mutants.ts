// Mutants of real fixtures for the parser's fault tests. Deterministic: a seeded PRNG, so
// a failing mutant can be replayed by its seed. Used by the fast subset in npm test and the soak.
import iconv from "iconv-lite";

export type MutationKind =
  | "truncate"
  | "swap-lines"
  | "delete-line"
  | "duplicate-line"
  | "change-number"
  | "garbage-bytes"
  | "gbk-bytes"
  | "mislabelled-gbk"
  | "nest-table"
  | "huge"
  | "digit-flood"
  | "heading-typo"
  | "sign"
  | "unit"
  | "prose-contradicts";

/**
 * Mutants that keep what the report means: the table's numbers are still the original's. Every number
 * the parser gives for them must be the original's, or carry a flag on its own key, whatever the status.
 */
export const MEANING_KEPT: ReadonlySet<MutationKind> = new Set(["heading-typo", "sign", "unit", "prose-contradicts"]);

const HEADINGS = ["主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议、行政诉讼情况"];
const STRAY = ["x", "汉", "倩", "患", " ·", "（", "复"];

export interface Mutant {
  kind: MutationKind;
  bytes: Uint8Array;
  note: string /** The key whose printed number was changed (change-number on a cell line). */;
  changedLine?: number;
}

export { seededRandom as rng } from "../../bench/synthetic.ts";

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const enc = (s: string) => new TextEncoder().encode(s);

export function mutate(text: string, kind: MutationKind, r: () => number, isHtml: boolean): Mutant {
  const lines = text.split("\n");
  const li = () => Math.floor(r() * lines.length);
  switch (kind) {
    case "truncate": {
      const at = Math.floor(r() * text.length);
      return { kind, bytes: enc(text.slice(0, at)), note: `cut at char ${at}` };
    }
    case "swap-lines": {
      const a = li(),
        b = li();
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return { kind, bytes: enc(lines.join("\n")), note: `swapped lines ${a + 1} and ${b + 1}` };
    }
    case "delete-line": {
      const a = li();
      lines.splice(a, 1);
      return { kind, bytes: enc(lines.join("\n")), note: `deleted line ${a + 1}` };
    }
    case "duplicate-line": {
      const a = li();
      lines.splice(a, 0, lines[a]!);
      return { kind, bytes: enc(lines.join("\n")), note: `duplicated line ${a + 1}` };
    }
    case "change-number": {
      // A number somewhere in the text (a cell, or a digit run of page text) gets another value.
      const spots = [...text.matchAll(/\d+(?:\.\d+)?/g)];
      if (!spots.length) return { kind, bytes: enc(text), note: "no number" };
      const m = pick(r, spots);
      let repl = String(Math.floor(r() * 200));
      if (repl === m[0]) repl = String(Number(m[0]) + 1);
      const out = text.slice(0, m.index) + repl + text.slice(m.index! + m[0].length);
      return { kind, bytes: enc(out), note: `'${m[0]}' at char ${m.index} → '${repl}'` };
    }
    case "garbage-bytes": {
      const b = Buffer.from(enc(text));
      const at = Math.floor(r() * b.length);
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256)));
      return {
        kind,
        bytes: Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]),
        note: `${junk.length} random bytes at byte ${at}`,
      };
    }
    case "gbk-bytes":
      return { kind, bytes: iconv.encode(text, "gbk"), note: "the same text as GBK bytes, no charset declared" };
    case "mislabelled-gbk": {
      const t = isHtml ? text.replace(/charset=["']?utf-8["']?/i, 'charset="gb2312"') : text;
      return { kind, bytes: enc(t), note: "UTF-8 bytes declared as gb2312" };
    }
    case "nest-table": {
      if (!isHtml) return mutate(text, "swap-lines", r, isHtml);
      const out = text.replace(
        /<td([^>]*)>([^<]*)<\/td>/,
        "<td$1><table><tr><td>9</td><td>99</td></tr></table>$2</td>",
      );
      return { kind, bytes: enc(out), note: "a nested table inside the first cell" };
    }
    case "huge":
      return { kind, bytes: enc(text.repeat(40)), note: "the report repeated 40 times" };
    case "heading-typo": {
      // One section heading misspelt: a stray or swapped character inside it (a real district's habit).
      const h = pick(
        r,
        HEADINGS.filter((x) => text.includes(x)),
      );
      if (!h) return { kind, bytes: enc(text), note: "no heading" };
      const at = 1 + Math.floor(r() * (h.length - 2));
      const typo =
        r() < 0.5 ? h.slice(0, at) + pick(r, STRAY) + h.slice(at) : h.slice(0, at) + pick(r, STRAY) + h.slice(at + 1);
      return { kind, bytes: enc(text.replace(h, typo)), note: `heading '${h}' → '${typo}'` };
    }
    case "sign":
    case "unit": {
      // A `+` before, or a counter after, a printed number of a table: the value it means is unchanged.
      const spots = [
        ...text.matchAll(/(?<=[\n>)项件数量计理务案息事制作项费购])\d+(?=[ |<第一二三四五六七八九十(（]|$)/g),
      ];
      if (!spots.length) return { kind, bytes: enc(text), note: "no number" };
      const m = pick(r, spots);
      const repl = kind === "sign" ? `+${m[0]}` : `${m[0]}${pick(r, ["件", "项", "个"])}`;
      const out = text.slice(0, m.index) + repl + text.slice(m.index! + m[0].length);
      return { kind, bytes: enc(out), note: `'${m[0]}' at char ${m.index} → '${repl}'` };
    }
    case "prose-contradicts": {
      // The narrative states figures for section 二 that the table may not print: the table is the truth.
      const runs = [...text.matchAll(/\d{4,}/g)].map((m) => m[0]);
      const tail = (s: string | undefined) => (s ? s.slice(-1 - Math.floor(r() * 3)) : String(Math.floor(r() * 200)));
      const x = Number(tail(runs.length ? pick(r, runs) : undefined));
      const y = Number(tail(runs.length ? pick(r, runs) : undefined));
      const sentence = `集中公开现行有效行政规范性文件${x}件，本年度制发规范性文件${y}件。`;
      const at = text.search(/总体情况/);
      const i = at < 0 ? 0 : at + 4;
      return {
        kind,
        bytes: enc(text.slice(0, i) + sentence + text.slice(i)),
        note: `prose '${sentence}' at char ${i}`,
      };
    }
    case "digit-flood": {
      const at = Math.floor(r() * text.length);
      return {
        kind,
        bytes: enc(text.slice(0, at) + "1".repeat(5000) + text.slice(at)),
        note: `5,000 digits at char ${at}`,
      };
    }
  }
}

export const KINDS: readonly MutationKind[] = [
  "truncate",
  "swap-lines",
  "delete-line",
  "duplicate-line",
  "change-number",
  "garbage-bytes",
  "gbk-bytes",
  "mislabelled-gbk",
  "nest-table",
  "huge",
  "digit-flood",
  "heading-typo",
  "sign",
  "unit",
  "prose-contradicts",
];

/**
 * Differences the form's identities can never reveal (FORMATS.md §7): section 二 has no hard
 * identity, and within one section-四 group only the total is tied to its four outcomes.
 */
export function undetectableByIdentity(diffKeys: readonly string[]): boolean {
  if (diffKeys.every((k) => k.startsWith("proactive."))) return true;
  const groups = new Set(diffKeys.map((k) => k.split(".").slice(0, 2).join(".")));
  return diffKeys.every((k) => k.startsWith("appeals.") && !k.endsWith(".total")) && groups.size === 1;
}
