import type { Database } from "@academy/db/client";
import { createEnrollmentWindow, listEnrollmentWindows } from "@academy/db/queries/enrollment";
import { readSystemFlag, setSystemFlagOnce } from "@academy/db/queries/system";

const SEEDED_FLAG = "sample-data-seeded";

/**
 * In development, a fresh database gets a sample enrollment window (waitlist in three days, everyone in
 * five, closing in ten), so /enroll and the coach's pages have something to show. Runs once per
 * database: the flag it leaves means a restart never seeds again.
 */
export async function seedSampleData(db: Database, now: Date): Promise<boolean> {
  if ((await readSystemFlag(db, SEEDED_FLAG)) !== undefined) return false;
  if ((await listEnrollmentWindows(db)).length === 0) {
    const day = (offset: number) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset, 10));
    await createEnrollmentWindow(db, {
      name: "Sample enrollment",
      priorityOpensAt: day(3),
      publicOpensAt: day(5),
      closesAt: day(10),
      timeZone: "Europe/London",
      capacity: null,
    });
  }
  await setSystemFlagOnce(db, SEEDED_FLAG, { at: now.toISOString() });
  return true;
}
