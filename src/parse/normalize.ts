// Text and label normalisation (docs/spec/FORMATS.md §9.1) and number parsing (§8). Pure functions.
import type { ValueKind } from "./formats.ts";

// NFKC folds Kangxi radicals (U+2F00–2FD5) but not most of the CJK Radicals Supplement, which
// PDF fonts emit for ordinary characters (⻚ for 页); map the ones seen in report fonts.
const RADICALS: Record<string, string> = {
  "\u2E97": "心",
  "\u2EA0": "民",
  "\u2EA7": "牛",
  "\u2EAB": "目",
  "\u2EAE": "竹",
  "\u2EBC": "肉",
  "\u2EC4": "西",
  "\u2EC5": "见",
  "\u2EC6": "角",
  "\u2EC8": "讠",
  "\u2EC9": "贝",
  "\u2ECB": "车",
  "\u2ED3": "长",
  "\u2ED4": "门",
  "\u2ED8": "青",
  "\u2EDA": "页",
  "\u2EDB": "风",
  "\u2EDC": "飞",
  "\u2EDD": "食",
  "\u2EE0": "饣",
  "\u2EE2": "马",
  "\u2EE9": "黄",
  "\u2EEC": "齐",
  "\u2EEE": "齿",
  "\u2EF3": "龟",
};
const RADICAL_RE = /[\u2E80-\u2EFF]/g;
const INVISIBLE_RE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const CJK = "\\u3400-\\u9FFF\\uF900-\\uFAFF";
// Starts at a CJK character and fails fast unless a space follows: cheaper than a lookbehind
// (tried at every position) or a callback per space run.
const CJK_GAP_RE = new RegExp(`([${CJK}])[ \\t\\u00A0]+(?=[${CJK}])`, "g");
const dropCjkGaps = (s: string) => s.replace(CJK_GAP_RE, "$1");
const GAP_RE = /[ \t\u00A0]/;

/** Characters that NFKC and the maps below leave alone: ASCII, CJK punctuation, unified ideographs. */
const STABLE_RE = /^[\x00-\x7F\u3001-\u3011\u4E00-\u9FFF\u201C\u201D\u2018\u2019\u2014]*$/;

/** NFKC, radicals to ideographs, invisible characters dropped, spaces inside CJK runs removed. */
export function normalizeText(s: string): string {
  // Most report text needs no folding; NFKC over every cell and page dominated parse time.
  if (STABLE_RE.test(s)) return GAP_RE.test(s) ? dropCjkGaps(s) : s;
  const folded = s
    .normalize("NFKC")
    .replace(RADICAL_RE, (c) => RADICALS[c] ?? c)
    .replace(INVISIBLE_RE, "")
    .replace(/\u00A0/g, " ");
  return dropCjkGaps(folded);
}

/** `s` without whitespace; a plain scan, twice as fast as a regex over a whole report. */
export function dropWhitespace(s: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Exactly JavaScript's \s: ASCII whitespace, NBSP, U+1680, U+2000–200A, U+2028/2029, U+202F, U+205F, U+3000, BOM.
    if (
      c === 32 ||
      (c >= 9 && c <= 13) ||
      c === 0xa0 ||
      c === 0x3000 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0xfeff
    ) {
      if (i > from) out += s.slice(from, i);
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Text with all whitespace removed, for signature and heading matching. */
export function squeeze(s: string): string {
  return normalizeText(s).replace(/\s+/g, "");
}

const QUOTES_RE = /["'“”‘’「」『』]/g;
const NUMBERING_RE = /^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、)])/;
/** A numbering whose digit stuck to the previous number in glued text (`.重复申请`). */
const BARE_NUMBERING_RE = /^[.、]/;
const TRAILING_PAREN_RE = /\([^()]*\)$/;

/** docs/spec/FORMATS.md §9.1: the form of a label that discriminators are matched against. */
// The same few hundred labels recur in every report: remember their normal form (a memo of a pure
// function, bounded, so no behaviour depends on it).
const LABEL_MEMO = new Map<string, string>();

export function normalizeLabel(s: string): string {
  let t = LABEL_MEMO.get(s);
  if (t === undefined) {
    t = normalizeLabelUncached(s);
    if (LABEL_MEMO.size >= 4096) LABEL_MEMO.clear();
    LABEL_MEMO.set(s, t);
  }
  return t;
}

function normalizeLabelUncached(s: string): string {
  let t = squeeze(s).replace(QUOTES_RE, "");
  for (let i = 0; i < 2 && NUMBERING_RE.test(t); i++) t = t.replace(NUMBERING_RE, "");
  t = t.replace(BARE_NUMBERING_RE, "");
  // Several trailing parentheticals can stack (`上一年项目数量(指…)(项)`).
  for (let i = 0; i < 3 && TRAILING_PAREN_RE.test(t) && t.replace(TRAILING_PAREN_RE, "").length > 0; i++) {
    t = t.replace(TRAILING_PAREN_RE, "");
  }
  return t;
}

/** ASCII slug for `extra_<slug>` keys: stable, readable where possible, hashed otherwise. */
export function slugify(label: string): string {
  const t = normalizeLabel(label);
  const ascii = t
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  if (ascii.length >= 3 && ascii.length === t.length) return ascii;
  let h = 2166136261;
  for (const ch of t) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
  return `x${(h >>> 0).toString(16).padStart(8, "0")}`;
}

// ---------- numbers (docs/spec/FORMATS.md §8.2) ----------
/** Printed tokens meaning "nothing here" (§8.1): kept raw, never turned into 0. */
const BLANK_TOKENS = new Set(["", "/", "-", "—", "——", "–", "―", "无", "\\", "／"]);
const UNIT_RE = /(万元|亿元|元|件|项|个|条|次|笔)$/;
const MONEY_UNITS: ReadonlySet<string> = new Set(["万元", "亿元", "元"]);
const GROUPED_RE = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN_RE = /^\d+(\.\d+)?$/;

export interface ParsedNumber {
  value: number | null;
  /** A flag code when the text is suspect (BAD_NUMBER, SIGN_NOT_ALLOWED, DECIMAL_IN_COUNT, …). */
  problem?: { code: string; message: string };
  unit?: string;
  blank: boolean;
}

const DASHES_RE = /^[-—–―]+$/;
export function isBlankToken(raw: string): boolean {
  // Blank tokens are at most two characters (or a run of dashes); labels leave at once.
  const r = raw.trim();
  if (r.length > 2 && !DASHES_RE.test(r)) return false;
  return BLANK_TOKENS.has(normalizeText(raw).replace(/\s+/g, "").replace(/^-+$/, "-").replace(/^—+$/, "—"));
}

/** Parse one printed cell. `kind` says what the form allows: signs only in `signed`, decimals only in `money`. */
/** Most cells are plain digits; they skip the general path (parse time is dominated by cells). */
const DIGITS_RE = /^(?:0|[1-9]\d{0,14})$/;

export function parseNumber(raw: string, kind: ValueKind = "count"): ParsedNumber {
  if (DIGITS_RE.test(raw)) return { value: Number(raw), blank: false };
  // Spaces next to a sign or unit are layout; a space between digits is never a separator (§8.2).
  let t = normalizeText(raw)
    .replace(/[\u2212\u2013](?=\d)/g, "-")
    .trim()
    .replace(/\s+(?=\D)|(?<=\D)\s+/g, "");
  if (isBlankToken(t)) return { value: null, blank: true };
  let unit: string | undefined;
  const um = UNIT_RE.exec(t);
  if (um) {
    unit = um[1];
    t = t.slice(0, -um[0].length);
  }
  let sign = 1;
  // 2019 section 二 prints a change as `增3` / `减7` as well as `+3` / `-7` (docs/spec/FORMATS.md §4.2).
  if (t.startsWith("增") && /^增\d/.test(t)) t = `+${t.slice(1)}`;
  else if (t.startsWith("减") && /^减\d/.test(t)) t = `-${t.slice(1)}`;
  if (t.startsWith("+")) t = t.slice(1);
  else if (t.startsWith("-")) {
    if (kind !== "signed")
      return {
        value: null,
        blank: false,
        unit,
        problem: { code: "SIGN_NOT_ALLOWED", message: `negative value '${raw}' where the form allows none` },
      };
    sign = -1;
    t = t.slice(1);
  }
  if (GROUPED_RE.test(t)) t = t.replace(/,/g, "");
  if (!PLAIN_RE.test(t))
    return { value: null, blank: false, unit, problem: { code: "BAD_NUMBER", message: `'${raw}' is not a number` } };
  if (t.includes(".") && kind !== "money") {
    return {
      value: null,
      blank: false,
      unit,
      problem: { code: "DECIMAL_IN_COUNT", message: `'${raw}' has a decimal point in a count cell` },
    };
  }
  // A counter on a money cell, or money on a count cell: the cell is not what its column holds.
  if (unit && (kind === "money") !== MONEY_UNITS.has(unit))
    return {
      value: null,
      blank: false,
      unit,
      problem: {
        code: "UNIT_MISMATCH",
        message: `'${raw}' carries the unit ${unit}, which a ${kind === "money" ? "money" : "count"} cell cannot hold`,
      },
    };
  let value = sign * Number(t);
  if (kind === "money" && unit === "亿元") value *= 10000;
  if (kind === "money" && unit === "元") value = value / 10000;
  return { value: kind === "money" ? Math.round(value * 1e6) / 1e6 : value, blank: false, unit };
}

/** Does a segment look like a value cell (a number, with unit or grouping, or a blank token)? */
export function looksLikeValue(raw: string): boolean {
  if (DIGITS_RE.test(raw)) return true;
  // Without a digit only a blank token is a value; labels are the common case and leave here.
  if (!/[\d０-９]/.test(raw)) return raw.length <= 8 && isBlankToken(raw);
  const t = normalizeText(raw)
    .replace(/[\u2212\u2013](?=\d)/g, "-")
    .trim();
  if (isBlankToken(t)) return true;
  // Digits with separators a cell may carry (a malformed `6 9` is still a value cell: parsing flags it).
  return /^(?:[+-]|增|减)?\d(?:[\d,.\s]*\d)?(万元|亿元|元|件|项|个|条|次|笔)?$/.test(t);
}
