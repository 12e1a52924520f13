import type { BenchSection } from "./index.ts";
/** Placeholder until the parse benchmark lands. */
export async function bench(): Promise<BenchSection> {
  return { title: "parse", markdown: "not measured yet" };
}
