import type { BenchSection } from "./index.ts";
/** Placeholder until the crawl benchmark lands. */
export async function bench(): Promise<BenchSection> {
  return { title: "crawl", markdown: "not measured yet" };
}
