// The official report formats as data (docs/spec/FORMATS.md): section headings, row and column
// labels with their discriminators, canonical keys, value kinds and the identities. Parsers,
// checks, the loader's metric dictionary and the bench generator all read these tables; no
// label string appears as a branch anywhere else.
// The tables live in src/parse/formats/, one file per section; this file is their one entry point.
import { proactiveKey } from "./keys.ts";
import { APPLICANT_COLUMNS } from "./formats/requests.ts";
import { PROACTIVE_ITEMS } from "./formats/proactive.ts";
import type { FormTemplate } from "./formats/templates.ts";

export * from "./formats/appeals.ts";
export * from "./formats/proactive.ts";
export * from "./formats/requests.ts";
export * from "./formats/sections.ts";
export * from "./formats/templates.ts";

/** Keys the template defines for the non-request sections, in printed order. */
export function proactiveKeys(t: FormTemplate): string[] {
  return PROACTIVE_ITEMS.flatMap((it) => it.measures[t].map((m) => proactiveKey(it.key, m.key)));
}

/**
 * The seven keys of a section-三 row (`requests.new` → `requests.new.natural_person`, …), one
 * array per row prefix: building and hashing 175 fresh key strings per report was a large share of
 * parse time.
 */
const ROW_KEYS = new Map<string, readonly string[]>();
export function applicantKeys(prefix: string): readonly string[] {
  let keys = ROW_KEYS.get(prefix);
  if (keys === undefined) {
    keys = APPLICANT_COLUMNS.map((c) => `${prefix}.${c}`);
    if (ROW_KEYS.size < 10_000) ROW_KEYS.set(prefix, keys); // extra_<slug> rows are unbounded; keep the cache bounded
  }
  return keys;
}
