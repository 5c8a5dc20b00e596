import { defineConfig } from "vitest/config";

/**
 * Unit tests run once. Integration tests (`*.int.test.ts`) run on embedded PGlite always, and again on
 * PostgreSQL when TEST_DATABASE_URL is set (CI sets it); each test file gets a fresh database.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
const integration = ["apps/*/src/**/*.int.test.ts", "packages/*/src/**/*.int.test.ts"];
// Fault tests start their own PostgreSQL and API processes, kill and restart them: one file at a time.
const faults = ["apps/*/src/**/*.fault.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          // A few unit tests open PGlite or start a server: on a loaded 2-core machine they need more than 5 s.
          testTimeout: 30_000,
          include: ["apps/*/src/**/*.test.ts", "apps/*/server/**/*.test.ts", "packages/*/src/**/*.test.ts"],
          exclude: [...integration, ...faults],
        },
      },
      {
        test: {
          name: "faults",
          include: faults,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "integration (pglite)",
          include: integration,
          provide: { databaseUrl: "" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgresUrl
        ? [
            {
              test: {
                name: "integration (postgres)",
                include: integration,
                provide: { databaseUrl: postgresUrl },
                globalSetup: ["packages/db/src/testing/postgres-global-setup.ts"],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
    ],
  },
});
