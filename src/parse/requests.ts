// Section 三 (docs/spec/FORMATS.md §5): align the printed row labels to the form's rows in order, then read
// seven values per row by position. Group labels own no values; printed subtotals and unknown
// rows are kept under their own keys and never enter the identities' leaves.
import { APPLICANT_COLUMNS, applicantKeys, REQUEST_ROWS, REQUEST_SUBTOTALS, type RequestRowSpec } from "./formats.ts";
import { normalizeLabel, slugify } from "./normalize.ts";
import { rowPrefix } from "./keys.ts";
import { buildRows, type Collector, flagLeftText, labelOf, type RawRow } from "./_collect.ts";
import { type GluedRow, resolveGlued } from "./glued.ts";
import type { Segment } from "./types.ts";

const WIDTH = APPLICANT_COLUMNS.length;
const OFFICIAL = new Map(REQUEST_ROWS.map((r) => [r.key, normalizeLabel(r.zh.replace(/^.*:/, ""))]));

/**
 * 3: a discriminator or exact label; 2: the official label with one character wrong; 1: a truncated
 * label (a prefix of the official one); 0: no match.
 */
export function scoreRequestLabel(label: string, spec: RequestRowSpec): number {
  if (!label) return 0;
  if (spec.exact !== undefined) return label === spec.exact || (spec.key === "total" && label === "合计") ? 3 : 0;
  for (const m of spec.match) {
    if (!label.includes(m)) continue;
    // `予以公开` must not take `部分公开`.
    return spec.key === "granted" && label.includes("部分公开") ? 0 : 3;
  }
  if (label.length < 2) return 0;
  const official = OFFICIAL.get(spec.key) ?? "";
  if (label.length <= official.length && official.startsWith(label)) return 1;
  // A long label with one character wrong, missing or extra (`属于行政执法案件` for 案卷): a typo of the row.
  return label.length >= TYPO_MIN_LENGTH && oneEditApart(label, official) ? 2 : 0;
}

/** Labels this long rarely differ from another row's by one character; shorter ones (`其他`) might. */
const TYPO_MIN_LENGTH = 6;

/** Do `a` and `b` differ by exactly one substituted, inserted or deleted character? */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// Labels recur across reports: their scores against the form's rows are remembered (bounded memo).
const SCORE_MEMO = new Map<string, Int8Array>();
function labelScores(label: string, specs: readonly RequestRowSpec[]): Int8Array {
  if (specs !== REQUEST_ROWS) return Int8Array.from(specs, (s) => scoreRequestLabel(label, s));
  let row = SCORE_MEMO.get(label);
  if (!row) {
    row = Int8Array.from(specs, (s) => scoreRequestLabel(label, s));
    if (SCORE_MEMO.size >= 4096) SCORE_MEMO.clear();
    SCORE_MEMO.set(label, row);
  }
  return row;
}

/** Monotone alignment (weighted LCS) of data rows to spec rows: labels restart per group, so order matters. */
export function alignRows(labels: readonly string[], specs: readonly RequestRowSpec[]): (RequestRowSpec | null)[] {
  const n = labels.length,
    m = specs.length;
  // Flat typed arrays: the table is small but built for every report.
  const score = new Int8Array(n * m);
  for (let i = 0; i < n; i++) score.set(labelScores(labels[i]!, specs), i * m);
  const w = m + 1;
  const dp = new Int32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = score[i * m + j]!;
      dp[i * w + j] = Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!, s > 0 ? s + dp[(i + 1) * w + j + 1]! : -1);
    }
  }
  const out: (RequestRowSpec | null)[] = [];
  let i = 0,
    j = 0;
  while (i < n) {
    const s = j < m ? score[i * m + j]! : 0;
    if (j < m && s > 0 && dp[i * w + j] === s + dp[(i + 1) * w + j + 1]!) {
      out.push(specs[j]!);
      i++;
      j++;
    } else if (j < m && dp[i * w + j] === dp[i * w + j + 1]) j++;
    else {
      out.push(null);
      i++;
    }
  }
  return out;
}

function effectiveLabel(row: RawRow): string {
  const own = labelOf(row);
  // A label split over two cells (`2.没有现成信息需要另行` / `制作`): try it joined with the cell before.
  if (row.before.length && !REQUEST_ROWS.some((s) => scoreRequestLabel(own, s) === 3)) {
    const joined = normalizeLabel(row.before[row.before.length - 1]! + row.label);
    if (REQUEST_ROWS.some((s) => scoreRequestLabel(joined, s) === 3)) return joined;
  }
  return own;
}

export interface RequestsRead {
  found: boolean;
  glued: GluedRow[];
}

export function readRequests(segs: readonly Segment[], out: Collector): RequestsRead {
  const rows = buildRows(segs).filter((r) => r.values.length > 0);
  if (rows.length === 0) return { found: false, glued: [] };
  const labels = rows.map(effectiveLabel);
  const aligned = alignRows(labels, REQUEST_ROWS);
  const glued: GluedRow[] = [];
  rows.forEach((row, i) => {
    let prefix: string;
    let spec = aligned[i];
    // A misprinted label is read as its row; one that two rows fit equally well is not placed at all.
    if (spec && labelScores(labels[i]!, REQUEST_ROWS)[REQUEST_ROWS.indexOf(spec)] === 2) {
      const rivals = REQUEST_ROWS.filter((r) => r !== spec && scoreRequestLabel(labels[i]!, r) === 2);
      if (rivals.length) {
        out.flag(
          rowPrefix("requests", `${spec.key}.total`),
          "LABEL_VARIANT",
          `row label '${row.label}' is one character from both '${spec.zh}' and '${rivals[0]!.zh}'; not placed`,
        );
        spec = null;
      }
    }
    if (spec) prefix = rowPrefix("requests", spec.key);
    else {
      const sub = REQUEST_SUBTOTALS.find((g) => g.match.some((m) => labels[i]!.includes(m)));
      if (sub) prefix = rowPrefix("requests", sub.key);
      else if (labels[i]) {
        prefix = rowPrefix("requests", `extra_${slugify(row.label)}`);
        // A form row printed twice or out of order is not an extra row the report chose to add:
        // one of the two readings is wrong, and which one is not ours to guess.
        const known = REQUEST_ROWS.find((s) => scoreRequestLabel(labels[i]!, s) === 3);
        if (known)
          out.flag(
            `${prefix}.total`,
            "ROW_OUT_OF_PLACE",
            `row '${row.label}' (the form's ${known.key}) appears again or out of the form's order; kept as ${prefix}.*`,
          );
      } else {
        out.flag(null, "ROW_LABEL_UNMATCHED", `${row.values.length} values at ${row.locator ?? "?"} have no row label`);
        return;
      }
    }
    readRow(prefix, row, out, glued);
  });
  return { found: true, glued };
}

/** Seven applicant values, by position; a glued run is handed to the identity-checked splitter. */
function readRow(prefix: string, row: RawRow, out: Collector, glued: GluedRow[]): void {
  const keys = applicantKeys(prefix);
  flagLeftText(row, keys, out);
  if (row.values.some((v) => v.glued)) {
    glued.push({ keys: [...keys], pieces: row.values.map((v) => v.text), locator: row.locator, kind: "requests" });
    return;
  }
  if (row.values.length !== WIDTH) {
    const raw = row.values.map((v) => v.text).join(" ");
    out.flag(
      `${prefix}.total`,
      "CELL_COUNT",
      `row '${row.label}' has ${row.values.length} values, the form has ${WIDTH}: '${raw}'; cells left null`,
    );
    keys.forEach((k) => out.putUnread(k, raw, row.locator));
    return;
  }
  row.values.forEach((v, i) => out.put(keys[i]!, v.text, "count", { locator: v.locator }));
}

export { resolveGlued };
