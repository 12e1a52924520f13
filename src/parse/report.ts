// The shape-independent assembler: segments from any reader → sections → tables → facts, cells,
// checks, flags and status (SCHEMA.md). Pure.
import { type FormTemplate, isFormTemplate, PROACTIVE_ITEMS, REQUEST_ROWS, APPLICANT_COLUMNS } from "./formats.ts";
import { Collector, isValueSegment } from "./_collect.ts";
import { readAppeals } from "./appeals.ts";
import { proactiveKey, requestKey } from "./keys.ts";
import { evaluateChecks } from "./checks.ts";
import { type GluedRow, resolveGlued } from "./glued.ts";
import { proseFigures } from "./_glued-settle.ts";
import { buildReportMeta, detectTemplate, parseTextMeta } from "./meta.ts";
import { normalizeLabel, squeeze } from "./normalize.ts";
import { readProactive } from "./proactive.ts";
import { readRequests, scoreRequestLabel } from "./requests.ts";
import { splitSections } from "./sections.ts";
import type { Narrative, ParseResult, ReadDoc, Segment, Source, Status } from "./types.ts";
import { PARSER_VERSION } from "./version.ts";

const narrativeOf = (segs: readonly Segment[]): string | null => {
  const t = segs
    .map((s) => s.text)
    .join("\n")
    .trim();
  return t.length ? t : null;
};

/** Normalised labels of a section's cells that are not values: rows printed without numbers show here. */
function printedLabels(segs: readonly Segment[]): string[] {
  return segs.filter((s) => s.cell && !isValueSegment(s)).map((s) => normalizeLabel(s.text));
}

const whyMissing = (printed: boolean, zh: string, where: string) =>
  printed
    ? `row '${zh}' is printed${where} with no values (its cells are empty); they are null`
    : `row '${zh}' of the form was not found${where}; its cells are null`;

/** Keys of section 三 the form expects but the report did not print: null and flagged. */
function flagMissingRows(template: FormTemplate, out: Collector, labelsOf: () => readonly string[]): void {
  const printedOther = requestKey("other", "total") in out.facts;
  const printedSub = REQUEST_ROWS.some(
    (r) => r.group === "other" && r.key !== "other" && requestKey(r.key, "total") in out.facts,
  );
  for (const r of REQUEST_ROWS) {
    if (!r.templates.includes(template)) continue;
    if (r.key === "other" && (printedSub || (template === "2021" && !printedOther))) continue;
    // The sub-rows are optional only where (六) is printed as one row and none of them appears; a
    // (六) row with values beside sub-rows is a printed subtotal, and then all three are expected.
    if (r.group === "other" && r.key !== "other" && !printedSub && (printedOther || template === "2019")) continue;
    if (requestKey(r.key, "total") in out.facts) continue;
    const printed = labelsOf().some((l) => scoreRequestLabel(l, r) === 3);
    out.flag(
      requestKey(r.key, "total"),
      "ROW_MISSING",
      whyMissing(printed, r.zh, ` in the ${template} form's section 三`),
    );
    for (const c of APPLICANT_COLUMNS) out.putUnread(requestKey(r.key, c), "");
  }
}

/** Items of section 二 the form expects but the report did not print (after glued runs are settled). */
function flagMissingItems(template: FormTemplate, out: Collector, labelsOf: () => readonly string[]): void {
  for (const it of PROACTIVE_ITEMS) {
    const keys = it.measures[template].map((m) => proactiveKey(it.key, m.key));
    if (keys.length === 0 || keys.some((k) => k in out.facts)) continue;
    const printed = labelsOf().some((l) => it.match.some((m) => l === m || l.endsWith(m)));
    out.flag(keys[0]!, "ROW_MISSING", whyMissing(printed, it.zh, ` in the ${template} form's section 二`));
    for (const k of keys) out.putUnread(k, "");
  }
}

export function assembleReport(doc: ReadDoc, source: Omit<Source, "shape">): ParseResult {
  const out = new Collector();
  for (const f of doc.flags) out.flags.push(f);
  const sections = splitSections(doc.segments);
  const flat = doc.flat ?? squeeze(doc.text);
  const tm = parseTextMeta(doc.text, flat, doc.meta);
  out.flags.push(...tm.flags);
  const { template, flags: tflags } = detectTemplate(flat, tm.year);
  out.flags.push(...tflags);
  const narrative: Narrative = {
    overview: narrativeOf(sections.overview),
    problems: narrativeOf(sections.problems),
    other: narrativeOf(sections.other),
  };
  let tablesFound = 0;
  const garbled = doc.flags.some((f) => f.code === "GARBLED_TEXT");
  if (isFormTemplate(template) && !garbled) {
    const glued: GluedRow[] = [];
    const proactiveFound = readProactive(sections.proactive, template, out, glued);
    if (proactiveFound) tablesFound++;
    else out.flag(null, "TABLE_NOT_FOUND", "no section 二 table (主动公开政府信息情况) was found");
    const rq = readRequests(sections.requests, out);
    glued.push(...rq.glued);
    if (rq.found) tablesFound++;
    else out.flag(null, "TABLE_NOT_FOUND", "no section 三 table (收到和处理政府信息公开申请情况) was found");
    if (readAppeals(sections.appeals, out, glued)) tablesFound++;
    else out.flag(null, "TABLE_NOT_FOUND", "no section 四 table (行政复议、行政诉讼) was found");
    if (glued.length) {
      // Only the report's own narrative may settle a split, never its tables (docs/parse.md).
      const prose = [sections.preamble, sections.overview, sections.problems, sections.other];
      resolveGlued(glued, out, template, () => proseFigures(prose.map(narrativeOf).join("\n")));
    }
    if (rq.found) flagMissingRows(template, out, () => printedLabels(sections.requests));
    if (proactiveFound) flagMissingItems(template, out, () => printedLabels(sections.proactive));
  }
  const checks = evaluateChecks(out.facts, out.unreadable);
  for (const c of checks) {
    if (c.hard && !c.ok)
      out.flag(c.keys[0] ?? null, "IDENTITY_FAILED", `${c.id}: ${c.expected} ≠ ${c.actual} (${c.keys.join(", ")})`);
  }
  let status: Status;
  if (garbled || (isFormTemplate(template) && tablesFound === 0)) status = "failed";
  else status = out.flags.length > 0 || checks.some((c) => c.hard && !c.ok) ? "flagged" : "ok";
  return {
    source: { ...source, shape: doc.shape },
    report: buildReportMeta(tm, template),
    facts: garbled ? {} : out.facts,
    cells: garbled ? {} : out.cells,
    checks,
    flags: out.flags,
    status,
    narrative,
    parser_version: PARSER_VERSION,
  };
}
