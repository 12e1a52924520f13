// Glued page text (FORMATS.md §10.4): placeholder until the glued-text reader lands.
import type { Segment } from "./types.ts";

export function isGluedText(_text: string): boolean {
  return false;
}

export function readGluedText(text: string): Segment[] {
  return text.split(/\r?\n/).filter((l) => l.trim()).map((l, i) => ({ text: l.trim(), cell: false, locator: `line ${i + 1}` }));
}
