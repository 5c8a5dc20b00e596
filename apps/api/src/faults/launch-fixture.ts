import { openDatabase } from "@academy/db/client";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { waitlistEntries } from "@academy/db/schema";
import { CAMPAIGN_QUEUE, campaignQueueOptions, createJobs } from "@academy/jobs";
import { campaignIdFor, scheduleLaunch } from "@academy/platform/launch";
import postgres from "postgres";

export const DOORS_OPEN_SUBJECT = "Doors are open: your early access starts now";

/**
 * The coach's set-up, done before the server starts: `recipients` confirmed readers on the waitlist and a
 * window whose doors-open email is due in 2 s. Returns how to count what has been sent so far.
 */
export async function seedDoorsOpenLaunch(databaseUrl: string, recipients: number) {
  const handle = await openDatabase({ url: databaseUrl });
  for (let start = 0; start < recipients; start += 500) {
    await handle.db.insert(waitlistEntries).values(
      Array.from({ length: Math.min(500, recipients - start) }, (_, offset) => ({
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
  const jobs = await createJobs({
    database: handle,
    queues: { [CAMPAIGN_QUEUE]: campaignQueueOptions },
    supervise: false,
  });
  await scheduleLaunch({ database: handle, jobs }, window, "doors-open");
  await jobs.stop();
  await handle.close();

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const campaignId = campaignIdFor(window.id, "doors-open");
  return {
    windowId: window.id,
    /** Doors-open emails in the outbox now. */
    async sentCount(): Promise<number> {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from outbox_messages where message_id like ${`%${campaignId}%`}`;
      return row?.n ?? 0;
    },
    /** Rows and distinct recipients of the doors-open email. */
    async summary() {
      const [row] = await sql<{ rows: number; recipients: number }[]>`
        select count(*)::int as rows, count(distinct "to")::int as recipients from outbox_messages
        where subject = ${DOORS_OPEN_SUBJECT}`;
      return row;
    },
    close: () => sql.end(),
  };
}
