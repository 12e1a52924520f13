import { defineConfig } from "vitest/config";

// Two projects: every test on SQLite (the embedded default), and the load and query tests again on
// a PostgreSQL dataset (test/load/_fixtures.ts reads GONGKAI_TEST_BACKEND). PostgreSQL is running
// on 127.0.0.1:5432 before any test run (README, "Running the tests").
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "sqlite", include: ["test/**/*.test.ts"], exclude: ["test/soak/**", "node_modules/**"] },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["test/load/**/*.test.ts", "test/query/**/*.test.ts"],
          // The SQLite file itself (pragmas, its migrations, a killed writer's WAL); test/load/postgres.test.ts
          // holds the PostgreSQL side of each.
          exclude: ["test/load/migrations.test.ts", "test/load/kill-recovery.test.ts", "test/load/postgres.test.ts"],
          env: { GONGKAI_TEST_BACKEND: "postgres" },
          globalSetup: ["test/load/_postgres-setup.ts"],
        },
      },
    ],
  },
});
