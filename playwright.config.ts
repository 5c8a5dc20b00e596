import { createServer } from "node:net";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys in Debian's Chromium against the built site. Each database gets its own server:
 * embedded PGlite always, PostgreSQL as well when TEST_DATABASE_URL is set.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;

/** A port nobody listens on now. Chosen once, in the main process; workers inherit it through the env. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 4391;
}
process.env.E2E_PGLITE_PORT ??= String(await freePort());
process.env.E2E_POSTGRES_PORT ??= String(await freePort());

const targets = [
  { name: "pglite", port: Number(process.env.E2E_PGLITE_PORT), database: "pglite" },
  ...(postgresUrl ? [{ name: "postgres", port: Number(process.env.E2E_POSTGRES_PORT), database: postgresUrl }] : []),
];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  // Journeys do real work (enroll and pay, build a plan, log sessions) against a server sharing a 2-core machine:
  // a minute each, and ten seconds for a page or a mail to show, hold on a loaded machine without hiding a hang.
  timeout: 60_000,
  expect: { timeout: 10_000 },
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
    // Opening the database and applying every migration: seconds, more on a loaded machine.
    timeout: 120_000,
    reuseExistingServer: false,
    // SIGTERM, so the server closes its database and e2e/serve.ts drops what it created.
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
    stdout: "ignore",
    stderr: "pipe",
  })),
});
