import { defineConfig } from "vitest/config";

// `npm run test:soak`: long mutant, fault and kill runs; results go to BENCHMARKS.md.
export default defineConfig({
  test: {
    include: ["test/soak/**/*.test.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
