// Human-readable rendering of a parse result: sections 三 and 四 as aligned tables, failing checks
// and flags highlighted when the output is a terminal. Pure: colour is a parameter.
import {
  APPEAL_GROUPS,
  APPEAL_OUTCOMES,
  APPLICANT_COLUMNS,
  APPLICANT_LABELS,
  PROACTIVE_ITEMS,
  REQUEST_ROWS,
  isFormTemplate,
} from "../parse/formats.ts";
import type { ParseResult } from "../parse/types.ts";

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}
const ansi = (code: number) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
export const COLOR: Style = { red: ansi(31), yellow: ansi(33), green: ansi(32), dim: ansi(2), bold: ansi(1) };
export const PLAIN: Style = { red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s, bold: (s) => s };

/** Display width: CJK characters take two columns in a terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch)
      ? 2
      : 1;
  return w;
}
const padEnd = (s: string, w: number) => s + " ".repeat(Math.max(0, w - displayWidth(s)));
const padStart = (s: string, w: number) => " ".repeat(Math.max(0, w - displayWidth(s))) + s;

export function renderTable(
  head: string[],
  rows: string[][],
  style: Style,
  hot: (r: number, c: number) => boolean = () => false,
): string {
  const widths = head.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ""))));
  const line = (cells: string[], r: number) =>
    cells
      .map((x, c) => {
        const cell = c === 0 ? padEnd(x, widths[c]!) : padStart(x, widths[c]!);
        return r >= 0 && hot(r, c) ? style.red(cell) : cell;
      })
      .join("  ");
  return [style.bold(line(head, -1)), ...rows.map((r, i) => line(r, i))].join("\n");
}

const fmt = (v: number | null | undefined) => (v === undefined ? "" : v === null ? "·" : String(v));

export function renderParseResult(r: ParseResult, style: Style): string {
  const out: string[] = [];
  const statusColor = r.status === "ok" ? style.green : r.status === "flagged" ? style.yellow : style.red;
  out.push(
    `${style.bold(r.source.path)}  ${statusColor(r.status)}  shape ${r.source.shape}  template ${r.report.template}  year ${r.report.year ?? "?"}`,
  );
  const meta = [
    r.report.title && `title: ${r.report.title}`,
    r.report.region && `region: ${r.report.region}`,
    r.report.agency && `agency: ${r.report.agency}`,
    r.report.published && `published: ${r.report.published}`,
  ].filter(Boolean);
  if (meta.length) out.push(style.dim(meta.join(" · ")));
  const flagged = new Set(r.flags.map((f) => f.key).filter((k): k is string => k !== null));
  for (const c of r.checks) if (c.hard && !c.ok) c.keys.forEach((k) => flagged.add(k));
  const t = r.report.template;
  if (isFormTemplate(t)) {
    const p = PROACTIVE_ITEMS.flatMap((it) =>
      it.measures[t].map((m) => [
        `${it.zh} ${m.zh}`,
        fmt(r.facts[`proactive.${it.key}.${m.key}`]),
        `proactive.${it.key}.${m.key}`,
      ]),
    );
    const pk = p.map((x) => x[2]!);
    out.push(
      "",
      style.bold("二、主动公开政府信息情况"),
      renderTable(
        ["item", "value"],
        p.map((x) => [x[0]!, x[1]!]),
        style,
        (ri) => flagged.has(pk[ri]!),
      ),
    );
  }
  const rows = REQUEST_ROWS.filter((row) => `requests.${row.key}.total` in r.facts);
  const extra = [
    ...new Set(
      Object.keys(r.facts)
        .filter((k) => /^requests\.(extra_|withheld\.|unavailable\.|not_processed\.)/.test(k))
        .map((k) => k.split(".")[1]!),
    ),
  ];
  const rowKeys = [...rows.map((x) => x.key), ...extra];
  if (rowKeys.length) {
    const head = ["三", ...APPLICANT_COLUMNS.map((c) => APPLICANT_LABELS[c].zh)];
    const body = rowKeys.map((k) => [
      REQUEST_ROWS.find((x) => x.key === k)?.zh ?? k,
      ...APPLICANT_COLUMNS.map((c) => fmt(r.facts[`requests.${k}.${c}`])),
    ]);
    out.push(
      "",
      style.bold("三、收到和处理政府信息公开申请情况"),
      renderTable(
        head,
        body,
        style,
        (ri, ci) => ci > 0 && flagged.has(`requests.${rowKeys[ri]}.${APPLICANT_COLUMNS[ci - 1]}`),
      ),
    );
  }
  if ("appeals.review.total" in r.facts) {
    const head = ["四", ...APPEAL_OUTCOMES.map((o) => o.zh)];
    const body = APPEAL_GROUPS.map((g) => [
      g.zh,
      ...APPEAL_OUTCOMES.map((o) => fmt(r.facts[`appeals.${g.key}.${o.key}`])),
    ]);
    out.push(
      "",
      style.bold("四、政府信息公开行政复议、行政诉讼情况"),
      renderTable(
        head,
        body,
        style,
        (ri, ci) => ci > 0 && flagged.has(`appeals.${APPEAL_GROUPS[ri]!.key}.${APPEAL_OUTCOMES[ci - 1]!.key}`),
      ),
    );
  }
  if (!isFormTemplate(t) && Object.keys(r.facts).length === 0) {
    const kept = Object.entries(r.narrative)
      .filter(([, v]) => v)
      .map(([k]) => k);
    out.push(
      "",
      style.dim(
        `A ${t} report has no national table format: no numbers are extracted${kept.length ? `; narrative kept (${kept.join(", ")})` : ""}.`,
      ),
    );
  }
  const failing = r.checks.filter((c) => !c.ok);
  const passed = r.checks.length - failing.length;
  out.push(
    "",
    `checks: ${style.green(`${passed} pass`)}${failing.length ? `, ${style.red(`${failing.length} fail`)}` : ""}`,
  );
  for (const c of failing)
    out.push(
      `  ${(c.hard ? style.red : style.yellow)(`✗ ${c.id}`)}  ${c.expected} vs ${c.actual}  [${c.keys.join(", ")}]${c.blank.length ? style.dim(` blank=0: ${c.blank.join(", ")}`) : ""}`,
    );
  if (r.flags.length) out.push(`flags: ${r.flags.length}`);
  for (const f of r.flags) out.push(`  ${style.yellow(f.code)}${f.key ? ` ${f.key}` : ""}: ${f.message}`);
  return out.join("\n");
}
