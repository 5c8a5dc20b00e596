import { findOrCreateUser } from "@academy/auth";
import type { DatabaseHandle } from "@academy/db/client";
import {
  countWindowMembers,
  findCurrentSubscription,
  listCancellableSubscriptions,
  SUBSCRIPTION_STATUSES,
  type SubscriptionStatus,
  saveSubscription,
} from "@academy/db/queries/billing";
import { confirmWaitlistEntry, joinWaitlist, listLaunchRecipients } from "@academy/db/queries/waitlist";
import { createTestDatabase } from "@academy/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isLive } from "./membership.ts";

/** One person per status Stripe can report, each on the waitlist and enrolled through the same window. */
describe("which subscriptions count, by status", () => {
  let database: DatabaseHandle;
  const userIds = new Map<SubscriptionStatus, string>();
  const emailOf = (status: SubscriptionStatus) => `${status}@example.com`;

  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
    for (const status of SUBSCRIPTION_STATUSES) {
      const user = await findOrCreateUser(database.db, emailOf(status));
      userIds.set(status, user.id);
      const joined = await joinWaitlist(database.db, { email: emailOf(status), consentText: "yes" });
      // On the list (launch emails go to confirmed entries only).
      await confirmWaitlistEntry(database.db, { id: joined.id, linkRequestedAt: new Date(), now: new Date() });
      await saveSubscription(database.db, {
        id: `sub_${status}`,
        userId: user.id,
        stripeCustomerId: `cus_${status}`,
        status,
        priceId: null,
        currentPeriodEnd: new Date("2027-05-01T00:00:00Z"),
        cancelAtPeriodEnd: false,
        pausedAt: null,
        pastDueSince: status === "past_due" ? new Date("2027-04-01T00:00:00Z") : null,
        windowId: "win_spring",
      });
    }
  });
  afterAll(() => database.close());

  const live = ["active", "trialing", "past_due"];

  it("gives a seat to live subscriptions only", async () => {
    expect(await countWindowMembers(database.db, "win_spring")).toBe(live.length);
  });

  it("leaves people with a live subscription out of the later launch emails, and nobody out of doors-open", async () => {
    const later = await listLaunchRecipients(database.db, { skipEnrolled: true });
    expect(later.map((entry) => entry.email).sort()).toEqual(
      SUBSCRIPTION_STATUSES.filter((status) => !live.includes(status))
        .map(emailOf)
        .sort(),
    );
    expect(await listLaunchRecipients(database.db, { skipEnrolled: false })).toHaveLength(SUBSCRIPTION_STATUSES.length);
  });

  it("calls live (she must not pay twice) exactly the live statuses, unless collection is paused", async () => {
    for (const status of SUBSCRIPTION_STATUSES) {
      const current = await findCurrentSubscription(database.db, userIds.get(status) ?? "");
      expect(isLive(current), status).toBe(live.includes(status));
      if (current) expect(isLive({ ...current, pausedAt: new Date() }), status).toBe(false);
    }
  });

  it("cancels before deleting an account everything Stripe may still charge", async () => {
    const cancellable = [];
    for (const status of SUBSCRIPTION_STATUSES) {
      const rows = await listCancellableSubscriptions(database.db, { userId: userIds.get(status) ?? "" });
      if (rows.length > 0) cancellable.push(status);
    }
    expect(cancellable.sort()).toEqual(["active", "past_due", "paused", "trialing", "unpaid"]);
  });

  it("picks a paused subscription as her current one over a newer ended one", async () => {
    const userId = userIds.get("paused") ?? "";
    const ended = {
      userId,
      stripeCustomerId: "cus_paused",
      priceId: null,
      currentPeriodEnd: new Date("2027-05-01T00:00:00Z"),
      cancelAtPeriodEnd: false,
      pausedAt: null,
      pastDueSince: null,
      windowId: null,
    };
    // Written after the paused one, so the newest: it still comes second.
    await saveSubscription(database.db, { ...ended, id: "sub_paused_then_canceled", status: "canceled" });
    expect((await findCurrentSubscription(database.db, userId))?.id).toBe("sub_paused");
  });
});
