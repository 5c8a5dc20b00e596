import { findCurrentSubscription, saveSubscription } from "@academy/db/queries/billing";
import {
  completeLesson,
  getMemberProfile,
  listCompletedLessons,
  listSessionLogs,
  recordSessionLog,
  saveMemberProfile,
} from "@academy/db/queries/training";
import { users } from "@academy/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMembership } from "../billing/membership-store.ts";
import { createTestServices, type TestServices } from "../testing.ts";
import { deriveMembershipFromRecords, loadMemberRecords } from "./member-context.ts";

describe("loadMemberRecords", () => {
  let api: TestServices;
  beforeAll(async () => {
    api = await createTestServices();
  });
  afterAll(() => api.close());

  it("reads what the separate queries read: her plan settings, logs in order, lessons and membership", async () => {
    const { db } = api.services.database;
    await db.insert(users).values({ id: "usr_records", email: "records@example.com" });
    await saveSubscription(db, {
      id: "sub_old",
      userId: "usr_records",
      stripeCustomerId: "cus_records",
      status: "canceled",
      priceId: "price_monthly",
      currentPeriodEnd: new Date("2026-01-01T00:00:00Z"),
      cancelAtPeriodEnd: false,
      pausedAt: null,
      pastDueSince: null,
      windowId: null,
    });
    await saveSubscription(db, {
      id: "sub_live",
      userId: "usr_records",
      stripeCustomerId: "cus_records",
      status: "active",
      priceId: "price_monthly",
      currentPeriodEnd: new Date("2026-07-01T00:00:00Z"),
      cancelAtPeriodEnd: true,
      pausedAt: null,
      pastDueSince: null,
      windowId: null,
    });
    await saveMemberProfile(db, {
      userId: "usr_records",
      planSlug: "strong-runner-foundations",
      startDate: "2026-05-04",
      availableDays: ["mon", "wed", "fri"],
      currentWeeklyRunningMinutes: 60,
      experience: "returning",
    });
    for (const [submissionId, date, minutes] of [
      ["sub-3-later-day", "2026-05-08", 30],
      ["sub-1-first", "2026-05-06", 20],
      ["sub-2-same-day", "2026-05-06", 25],
    ] as const) {
      const entry = { type: "run", date, minutes, rpe: 4 } as const;
      await recordSessionLog(db, { userId: "usr_records", submissionId, sessionId: null, date, entry });
    }
    await completeLesson(db, "usr_records", "hip-hinge");
    await completeLesson(db, "usr_records", "foundations-welcome");

    const records = await loadMemberRecords(db, "usr_records", api.services.clock.now());
    expect(records.subscription).toEqual(await findCurrentSubscription(db, "usr_records"));
    expect(records.subscription?.id).toBe("sub_live");
    expect(records.profile).toEqual(await getMemberProfile(db, "usr_records"));
    expect(records.logs).toEqual((await listSessionLogs(db, "usr_records")).map(({ id, entry }) => ({ id, entry })));
    expect(records.logs.map((log) => (log.entry.type === "run" ? log.entry.minutes : undefined))).toEqual([20, 25, 30]);
    expect(records.completedLessons).toEqual((await listCompletedLessons(db, "usr_records")).sort());
    const now = api.services.clock.now();
    expect(deriveMembershipFromRecords(records, now)).toEqual(await loadMembership(db, "usr_records", now));
  });

  it("is empty for someone with no plan, logs, lessons or subscription", async () => {
    const { db } = api.services.database;
    await db.insert(users).values({ id: "usr_new", email: "new@example.com" });
    expect(await loadMemberRecords(db, "usr_new", api.services.clock.now())).toEqual({
      subscription: undefined,
      profile: undefined,
      logs: [],
      completedLessons: [],
    });
  });
});
