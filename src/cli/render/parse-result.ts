// Human-readable rendering of a parse result: sections 三 and 四 as aligned tables, failing checks
// and flags highlighted when the output is a terminal. Pure: colour is a parameter.
import { appealKey, proactiveKey, requestKey } from "../../parse/keys.ts";
import {
  APPEAL_GROUPS,
  APPEAL_OUTCOMES,
  APPLICANT_COLUMNS,
  APPLICANT_LABELS,
  PROACTIVE_ITEMS,
  REQUEST_ROWS,
  isFormTemplate,
} from "../../parse/formats.ts";
import type { ParseResult } from "../../parse/types.ts";
import { safeText } from "./safe-text.ts";
import { type CellValue, renderTable, type Style } from "./table.ts";

export { COLOR, PLAIN, type Style } from "./table.ts";

/** A fact as a table cell: absent is empty, a printed blank is the table's blank glyph. */
const fmt = (v: number | null | undefined): CellValue => (v === undefined ? "" : v === null ? null : String(v));

/** Sections' tables: the label column left, the numbers right, no rule under the header. */
function renderSection(
  head: string[],
  rows: CellValue[][],
  style: Style,
  hot: (r: number, c: number) => boolean,
): string {
  return renderTable(head, rows, { style, hot, right: (c) => c > 0, rule: false }).trimEnd();
}

export function renderParseResult(r: ParseResult, style: Style): string {
  const out: string[] = [];
  const statusColor = r.status === "ok" ? style.green : r.status === "flagged" ? style.yellow : style.red;
  out.push(
    `${style.bold(safeText(r.source.path))}  ${statusColor(r.status)}  shape ${r.source.shape}  template ${r.report.template}  year ${r.report.year ?? "?"}`,
  );
  const meta = [
    r.report.title && `title: ${r.report.title}`,
    r.report.region && `region: ${r.report.region}`,
    r.report.agency && `agency: ${r.report.agency}`,
    r.report.published && `published: ${r.report.published}`,
  ].filter(Boolean);
  if (meta.length) out.push(style.dim(safeText(meta.join(" · "))));
  const flagged = new Set(r.flags.map((f) => f.key).filter((k): k is string => k !== null));
  for (const c of r.checks) if (c.hard && !c.ok) c.keys.forEach((k) => flagged.add(k));
  const t = r.report.template;
  if (isFormTemplate(t)) {
    const p = PROACTIVE_ITEMS.flatMap((it) =>
      it.measures[t].map((m) => ({
        label: `${it.zh} ${m.zh}`,
        value: fmt(r.facts[proactiveKey(it.key, m.key)]),
        key: proactiveKey(it.key, m.key),
      })),
    );
    out.push(
      "",
      style.bold("二、主动公开政府信息情况"),
      renderSection(
        ["item", "value"],
        p.map((x) => [x.label, x.value]),
        style,
        (ri) => flagged.has(p[ri]!.key),
      ),
    );
  }
  const rows = REQUEST_ROWS.filter((row) => requestKey(row.key, "total") in r.facts);
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
      ...APPLICANT_COLUMNS.map((c) => fmt(r.facts[requestKey(k, c)])),
    ]);
    out.push(
      "",
      style.bold("三、收到和处理政府信息公开申请情况"),
      renderSection(
        head,
        body,
        style,
        (ri, ci) => ci > 0 && flagged.has(requestKey(rowKeys[ri]!, APPLICANT_COLUMNS[ci - 1]!)),
      ),
    );
  }
  if ("appeals.review.total" in r.facts) {
    const head = ["四", ...APPEAL_OUTCOMES.map((o) => o.zh)];
    const body = APPEAL_GROUPS.map((g) => [g.zh, ...APPEAL_OUTCOMES.map((o) => fmt(r.facts[appealKey(g.key, o.key)]))]);
    out.push(
      "",
      style.bold("四、政府信息公开行政复议、行政诉讼情况"),
      renderSection(
        head,
        body,
        style,
        (ri, ci) => ci > 0 && flagged.has(appealKey(APPEAL_GROUPS[ri]!.key, APPEAL_OUTCOMES[ci - 1]!.key)),
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
        `A ${safeText(t)} report has no national table format: no numbers are extracted${kept.length ? `; narrative kept (${kept.join(", ")})` : ""}.`,
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
      `  ${(c.hard ? style.red : style.yellow)(`✗ ${c.id}`)}  ${c.expected} vs ${c.actual}  [${safeText(c.keys.join(", "))}]${c.blank.length ? style.dim(` blank=0: ${c.blank.join(", ")}`) : ""}`,
    );
  if (r.flags.length) out.push(`flags: ${r.flags.length}`);
  for (const f of r.flags)
    out.push(`  ${style.yellow(safeText(f.code))}${f.key ? ` ${safeText(f.key)}` : ""}: ${safeText(f.message)}`);
  return out.join("\n");
}
