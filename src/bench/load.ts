import type { BenchSection } from "./index.ts";
/** Placeholder until the load benchmark lands. */
export async function bench(): Promise<BenchSection> {
  return { title: "load", markdown: "not measured yet" };
}
