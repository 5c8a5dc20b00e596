import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, freePort, startApiProcess } from "./api-process.ts";
import { seedDoorsOpenLaunch } from "./launch-fixture.ts";
import { type PrivatePostgres, startPrivatePostgres } from "./private-postgres.ts";

const RECIPIENTS = 3_000;

/** Polls `check` until it holds (a condition, not a fixed wait); throws after `timeoutMs`. */
async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("SIGTERM in the middle of a launch send", () => {
  let database: PrivatePostgres;
  let launch: Awaited<ReturnType<typeof seedDoorsOpenLaunch>>;
  beforeAll(async () => {
    database = await startPrivatePostgres();
    launch = await seedDoorsOpenLaunch(database.url, RECIPIENTS);
  }, 120_000);
  afterAll(async () => {
    await launch?.close();
    await database?.destroy();
  });

  it("shuts down cleanly within its budget, logging each step, and the next instance finishes the send", async () => {
    const env = {
      DATABASE_URL: database.url,
      NODE_ENV: "production",
      APP_SECRET: "fault-test-secret-fault-test-secret-0123",
      SITE_URL: "http://localhost:4321",
      SHUTDOWN_TIMEOUT_SECONDS: "20",
    };
    const port = await freePort();
    let first: ApiProcess | undefined;
    let second: ApiProcess | undefined;
    try {
      first = await startApiProcess(env, port);
      await until(async () => (await launch.sentCount()) >= 200, 60_000);
      const signalled = Date.now();
      await first.kill("SIGTERM");
      const shutdownMs = Date.now() - signalled;
      const atStop = await launch.sentCount();

      // A clean exit, well inside the budget: not the hard stop at 20 s.
      expect(first.child.exitCode, first.output()).toBe(0);
      expect(shutdownMs).toBeLessThan(20_000);
      const lines = first
        .output()
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { msg: string; step?: string });
      const messages = lines.map((line) => line.msg);
      expect(messages).toContain("SIGTERM: shutting down");
      const steps = lines.flatMap((line) => (line.step ? [line.step] : []));
      expect(steps).toEqual([
        "requests under way answered",
        "maintenance worker stopped",
        "launch email worker stopped",
        "outbox sender drained",
        "job queue stopped",
        "mailer closed",
        "billing closed",
        "database closed",
      ]);
      expect(messages.at(-1)).toBe("shut down");
      // Nothing was sent once the process had gone.
      expect(await launch.sentCount()).toBe(atStop);

      // The interrupted send was handed back to the queue: the next instance sends the rest, each reader once.
      second = await startApiProcess(env, port);
      await until(async () => (await launch.sentCount()) >= RECIPIENTS, 90_000);
      expect(await launch.summary()).toEqual({ rows: RECIPIENTS, recipients: RECIPIENTS });
      process.stdout.write(
        `[sigterm] ${atStop} of ${RECIPIENTS} sent before SIGTERM; clean exit after ${shutdownMs} ms; the rest sent once by the next instance\n`,
      );
    } finally {
      await first?.kill("SIGKILL");
      await second?.kill();
    }
  }, 180_000);
});
