import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys in Debian's Chromium against the built site. Each database gets its own server:
 * embedded PGlite always, PostgreSQL as well when TEST_DATABASE_URL is set.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
const targets = [
  { name: "pglite", port: 4391, database: "pglite" },
  ...(postgresUrl ? [{ name: "postgres", port: 4392, database: postgresUrl }] : []),
];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: targets.map((target) => ({
    name: target.name,
    use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${target.port}` },
  })),
  webServer: targets.map((target) => ({
    command: `node e2e/serve.ts ${target.port} ${target.database}`,
    url: `http://127.0.0.1:${target.port}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  })),
});
