import type { DatabaseHandle } from "@academy/db/client";
import { createTestDatabase } from "@academy/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createJobs, type Jobs, SingletonKeyIgnoredError } from "./jobs.ts";

type Queues = {
  reminder: { runner: string };
  "welcome-email": { userId: string };
  digest: { edition: number };
  import: { row: number };
  flaky: { attempt: number };
};

describe("createJobs on the platform database", () => {
  let database: DatabaseHandle;
  let jobs: Jobs<Queues>;

  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
    jobs = await createJobs<Queues>({
      database,
      queues: { "welcome-email": { policy: "exclusive" }, flaky: { retryLimit: 2, retryDelay: 0 } },
    });
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it("runs a job sent with startAfter once that time has come, not before", async () => {
    const startAfter = new Date(Date.now() + 1500);
    const ran: { runner: string; at: number }[] = [];
    await jobs.send("reminder", { runner: "ruth" }, { startAfter });
    await jobs.work(
      "reminder",
      async ([job]) => {
        if (job) ran.push({ runner: job.data.runner, at: Date.now() });
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await vi.waitFor(() => expect(ran).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(ran[0]?.runner).toBe("ruth");
    expect(ran[0]?.at).toBeGreaterThanOrEqual(startAfter.getTime());
  });

  it("keeps one job per singleton key while the first is still waiting", async () => {
    const later = new Date(Date.now() + 60_000);
    const first = await jobs.send("welcome-email", { userId: "usr_1" }, { singletonKey: "usr_1", startAfter: later });
    const again = await jobs.send("welcome-email", { userId: "usr_1" }, { singletonKey: "usr_1", startAfter: later });
    const other = await jobs.send("welcome-email", { userId: "usr_2" }, { singletonKey: "usr_2", startAfter: later });
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    expect(other).toEqual(expect.any(String));
    expect(other).not.toBe(first);
  });

  it("refuses a singleton key on a standard queue, where it would deduplicate nothing", async () => {
    await expect(jobs.send("digest", { edition: 1 }, { singletonKey: "weekly" })).rejects.toThrow(
      SingletonKeyIgnoredError,
    );
  });

  it("hands jobs to a handler in batches of at most batchSize", async () => {
    for (let row = 0; row < 7; row++) await jobs.send("import", { row });
    const batches: number[][] = [];
    await jobs.work(
      "import",
      async (batch) => {
        batches.push(batch.map((job) => job.data.row));
      },
      { batchSize: 3, pollingIntervalSeconds: 0.5 },
    );
    await vi.waitFor(() => expect(batches.flat()).toHaveLength(7), { timeout: 10_000, interval: 50 });
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("retries a job whose handler throws", async () => {
    const attempts: number[] = [];
    await jobs.send("flaky", { attempt: 0 });
    await jobs.work(
      "flaky",
      async ([job]) => {
        attempts.push(job?.retryCount ?? -1);
        if (attempts.length === 1) throw new Error("SMTP timeout");
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await vi.waitFor(() => expect(attempts).toEqual([0, 1]), { timeout: 10_000, interval: 50 });
  });

  it("keeps one cron schedule per queue and key, replacing it when scheduled again", async () => {
    await jobs.schedule("digest", "0 6 * * 1", { edition: 1 }, { tz: "Europe/Oslo" });
    await jobs.schedule("digest", "0 7 * * 1", { edition: 2 }, { tz: "Europe/Oslo" });
    const schedules = await jobs.boss.getSchedules("digest");
    expect(schedules.map(({ cron, timezone, data }) => ({ cron, timezone, data }))).toEqual([
      { cron: "0 7 * * 1", timezone: "Europe/Oslo", data: { edition: 2 } },
    ]);
    await jobs.unschedule("digest");
    expect(await jobs.boss.getSchedules("digest")).toEqual([]);
  });
});

describe("the connection adapter shared with the platform", () => {
  let database: DatabaseHandle;
  let jobs: Jobs;

  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
    jobs = await createJobs({ database });
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it("leaves the platform's queries working when a transaction script fails", async () => {
    // pg-boss sends BEGIN…COMMIT scripts; one failing half-way must not leave the shared
    // connection in an aborted transaction for whoever queries next.
    const [script, platformQuery] = await Promise.allSettled([
      jobs.connection.query("BEGIN; CREATE TABLE jobs_probe (id int); SELECT 1 / 0; COMMIT;"),
      database.db.execute(sql`select 1 as one`),
    ]);
    expect(script.status).toBe("rejected");
    expect(platformQuery.status).toBe("fulfilled");
    const [table] = await jobs.connection.query<{ name: string | null }>("SELECT to_regclass('jobs_probe') AS name");
    expect(table?.name).toBeNull();
  });

  it("returns every row a RETURNING statement in a transaction script produces", async () => {
    const rows = await jobs.connection.query<{ n: number }>(
      "BEGIN; CREATE TEMP TABLE jobs_numbers (n int) ON COMMIT DROP; INSERT INTO jobs_numbers VALUES (1), (2) RETURNING n; COMMIT;",
    );
    expect(rows.map((row) => row.n)).toEqual([1, 2]);
  });

  it("round-trips timestamps, JSON and arrays through the connection drizzle also uses", async () => {
    const at = new Date("2025-03-01T06:30:00.123Z");
    const [row] = await jobs.connection.query<{ at: Date; doc: unknown; list: unknown; ids: string[] }>(
      "SELECT $1::timestamptz AS at, $2::jsonb AS doc, $3::jsonb AS list, $4::text[] AS ids",
      [at, { plan: "10k", weeks: [1, 2] }, ["a", "b"], ["x", "y"]],
    );
    expect(row?.at).toEqual(at);
    expect(row?.doc).toEqual({ plan: "10k", weeks: [1, 2] });
    expect(row?.list).toEqual(["a", "b"]);
    expect(row?.ids).toEqual(["x", "y"]);
  });
});
