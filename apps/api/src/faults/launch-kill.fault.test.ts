import { openDatabase } from "@academy/db/client";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { waitlistEntries } from "@academy/db/schema";
import { CAMPAIGN_QUEUE, campaignQueueOptions, createJobs } from "@academy/jobs";
import { campaignIdFor, scheduleLaunch } from "@academy/platform/launch";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, freePort, startApiProcess } from "./api-process.ts";
import { type PrivatePostgres, startPrivatePostgres } from "./private-postgres.ts";

const RECIPIENTS = 4_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the server killed with SIGKILL in the middle of a launch send", () => {
  let database: PrivatePostgres;
  let windowId: string;
  beforeAll(async () => {
    database = await startPrivatePostgres();
    // The coach's set-up, done before the server starts: a waitlist, a window, the doors-open email due now.
    const handle = await openDatabase({ url: database.url });
    for (let start = 0; start < RECIPIENTS; start += 500) {
      await handle.db.insert(waitlistEntries).values(
        Array.from({ length: 500 }, (_, offset) => ({
          id: `wl_${String(start + offset).padStart(26, "0")}`,
          email: `reader${start + offset}@example.com`,
          consentText: "yes",
          // Readers who joined and confirmed long ago: their welcome went out then.
          confirmedAt: new Date(),
          welcomeDueAt: null,
        })),
      );
    }
    const now = Date.now();
    const window = await createEnrollmentWindow(handle.db, {
      name: "Spring",
      priorityOpensAt: new Date(now + 2_000),
      publicOpensAt: new Date(now + 86_400_000),
      closesAt: new Date(now + 2 * 86_400_000),
      timeZone: "UTC",
      capacity: null,
    });
    windowId = window.id;
    const jobs = await createJobs({
      database: handle,
      queues: { [CAMPAIGN_QUEUE]: campaignQueueOptions },
      supervise: false,
    });
    await scheduleLaunch({ database: handle, jobs }, window, "doors-open");
    await jobs.stop();
    await handle.close();
  }, 120_000);
  afterAll(() => database?.destroy());

  it("sends every recipient exactly once after a restart", async () => {
    const env = { DATABASE_URL: database.url, NODE_ENV: "test", SITE_URL: "http://localhost:4321" };
    const port = await freePort();
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const sentCount = async () =>
      (
        await sql<
          { n: number }[]
        >`select count(*)::int as n from outbox_messages where message_id like ${`%${campaignIdFor(windowId, "doors-open")}%`}`
      )[0]?.n ?? 0;
    let first: ApiProcess | undefined;
    let second: ApiProcess | undefined;
    try {
      first = await startApiProcess(env, port);
      let atKill = 0;
      for (let attempt = 0; attempt < 600 && atKill === 0; attempt++) {
        const count = await sentCount();
        if (count >= 200) {
          await first.kill("SIGKILL");
          atKill = await sentCount();
        } else await sleep(25);
      }
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(RECIPIENTS);

      second = await startApiProcess(env, port);
      let total = atKill;
      for (let attempt = 0; attempt < 240 && total < RECIPIENTS; attempt++) {
        await sleep(250);
        total = await sentCount();
      }
      const [summary] = await sql<{ rows: number; recipients: number }[]>`
        select count(*)::int as rows, count(distinct "to")::int as recipients from outbox_messages
        where subject = 'Doors are open: your early access starts now'`;
      expect(summary).toEqual({ rows: RECIPIENTS, recipients: RECIPIENTS });
    } finally {
      await first?.kill("SIGKILL");
      await second?.kill();
      await sql.end();
    }
  }, 120_000);
});
