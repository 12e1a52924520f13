// The metric dictionary for readers: every key with the Chinese label the form prints, and the lookup
// that lets `--metric` (and the web view's search box) take a Chinese label as well as a key. Pure:
// the dictionary is generated from the formats data, so it needs no database.
import { type MetricRow, planMetrics } from "../load/metrics.ts";
import { LoadError } from "../load/errors.ts";

export type { MetricRow } from "../load/metrics.ts";

/** Section names as the form prints them. */
export const SECTION_LABELS: Record<string, string> = {
  proactive: "二、主动公开政府信息情况",
  requests: "三、收到和处理政府信息公开申请情况",
  appeals: "四、政府信息公开行政复议、行政诉讼情况",
};

const KIND_LABELS: Record<MetricRow["kind"], string> = { count: "件数", signed: "增减", money: "金额" };
export const renderKindLabel = (k: MetricRow["kind"]): string => KIND_LABELS[k];

let cache: { rows: MetricRow[]; byKey: Map<string, MetricRow> } | null = null;

/** Every dictionary row, in form order, and an index by key. */
export function planDictionary(): { rows: MetricRow[]; byKey: Map<string, MetricRow> } {
  if (!cache) {
    const rows = planMetrics();
    cache = { rows, byKey: new Map(rows.map((m) => [m.key, m])) };
  }
  return cache;
}

/** A short label for tables and charts: the row as printed, with the column unless it is 总计. */
export function renderShortLabel(m: MetricRow): string {
  const [row = m.label_zh, col] = m.label_zh.split(" / ");
  const bare = row.replace(/^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]/, "");
  const name = bare === "总计" ? "办理结果总计" : bare;
  return col && col !== "总计" ? `${name}（${col}）` : name;
}

// Numbering (一、 (一)), brackets, slashes, colons and spaces do not distinguish labels.
const fold = (s: string): string =>
  s
    .normalize("NFKC")
    .replace(/[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)/g, "")
    .replace(/[\s()（）:：/、·,，。"“”]/g, "")
    .toLowerCase();

function isSubsequence(q: string, s: string): boolean {
  let i = 0;
  for (const ch of s) if (ch === q[i]) i++;
  return i === q.length;
}

export interface MetricMatch {
  row: MetricRow;
  /** 3 exact label, 2 label contains the text, 1 the text's characters in order. */
  score: number;
}

/** Dictionary rows matching a key or a (part of a) Chinese label, best first. */
export function searchMetrics(text: string): MetricMatch[] {
  const { rows, byKey } = planDictionary();
  const exact = byKey.get(text.trim());
  if (exact) return [{ row: exact, score: 4 }];
  const q = fold(text);
  if (!q) return [];
  const out: MetricMatch[] = [];
  for (const row of rows) {
    const label = fold(row.label_zh);
    const score = label === q ? 3 : label.includes(q) || row.key.includes(text) ? 2 : isSubsequence(q, label) ? 1 : 0;
    if (score) out.push({ row, score });
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * The one metric a `--metric` argument names: a key, or a Chinese label. A label that names a form
 * row without a column (本年新收, 行政复议) means the row's 总计 column, as the form's own total.
 * Ambiguous or unknown text throws BAD_OPTION listing the closest labels.
 */
export function resolveMetric(text: string): MetricRow {
  const hits = searchMetrics(text);
  const best = hits[0]?.score ?? 0;
  const top = hits.filter((h) => h.score === best).map((h) => h.row);
  if (top.length === 1) return top[0] as MetricRow;
  const rowsOf = new Set(top.map((m) => `${m.section}.${m.row}`));
  if (rowsOf.size === 1) {
    const total = top.find((m) => m.col === "total") ?? top.find((m) => m.wide === 1);
    if (total) return total;
  }
  const list = (top.length ? top : hits.map((h) => h.row)).slice(0, 6).map((m) => `${m.label_zh} (${m.key})`);
  throw new LoadError(
    "BAD_OPTION",
    text,
    list.length
      ? `names ${top.length || hits.length} metrics; did you mean: ${list.join("; ")}`
      : "unknown metric; `gongkai metrics` lists every key and Chinese label",
  );
}
