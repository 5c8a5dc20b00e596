import { type SubscriptionParams, saveSubscription } from "@academy/db/queries/billing";
import { saveInvoices } from "@academy/db/queries/members";
import { memberProfiles, sessions, users, waitlistEntries } from "@academy/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMembership } from "../billing/membership-store.ts";
import { createTestServices, TEST_ADMIN_EMAIL, type TestServices } from "../testing.ts";
import { giveFreeMembership, loadMemberDetail, loadMembersPage, loadRevenue, MEMBERS_PER_PAGE } from "./index.ts";

const DAY = 86_400_000;

function subscription(userId: string, overrides: Partial<SubscriptionParams> = {}): SubscriptionParams {
  return {
    id: `sub_${userId}`,
    userId,
    stripeCustomerId: `cus_${userId}`,
    status: "active",
    priceId: "price_monthly",
    currentPeriodEnd: new Date("2026-07-01T00:00:00Z"),
    cancelAtPeriodEnd: false,
    pausedAt: null,
    pastDueSince: null,
    windowId: null,
    monthlyAmount: 2900,
    currency: "usd",
    startedAt: new Date("2026-05-01T00:00:00Z"),
    endedAt: null,
    ...overrides,
  };
}

describe("the coach's members list, free memberships and revenue", () => {
  let platform: TestServices;
  const now = new Date("2026-06-10T12:00:00Z");

  beforeAll(async () => {
    platform = await createTestServices();
    platform.setNow(now);
    const { db } = platform.services.database;
    // One account per status, joined a minute apart (the newest first on the list).
    const people = ["active", "pastdue", "paused", "cancelling", "ended", "free", "none"];
    await db.insert(users).values(
      people.map((name, index) => ({
        id: `usr_${name}`,
        email: `${name}@example.com`,
        createdAt: new Date(Date.UTC(2026, 4, 1, 0, index)),
      })),
    );
    await db.insert(waitlistEntries).values({
      id: "wl_active",
      email: "active@example.com",
      firstName: "Ingrid",
      consentText: "yes",
    });
    await saveSubscription(db, subscription("usr_active"));
    await saveSubscription(
      db,
      subscription("usr_pastdue", { status: "past_due", pastDueSince: new Date(now.getTime() - DAY) }),
    );
    await saveSubscription(
      db,
      subscription("usr_paused", {
        pausedAt: new Date("2026-06-01T00:00:00Z"),
        startedAt: new Date("2026-04-03T00:00:00Z"),
      }),
    );
    await saveSubscription(db, subscription("usr_cancelling", { cancelAtPeriodEnd: true }));
    await saveSubscription(
      db,
      subscription("usr_ended", {
        status: "canceled",
        startedAt: new Date("2026-03-05T00:00:00Z"),
        endedAt: new Date("2026-06-02T00:00:00Z"),
      }),
    );
    await giveFreeMembership(platform.services, {
      userId: "usr_free",
      actor: TEST_ADMIN_EMAIL,
      requestKey: "seed-free-grant",
      until: null,
      note: null,
    });
    // Her plan started on Monday 18 May: 10 June is in her fourth week.
    await db.insert(memberProfiles).values({
      userId: "usr_active",
      planSlug: [...platform.services.plans.keys()][0] ?? "",
      startDate: "2026-05-18",
      availableDays: ["mon", "wed", "sat"],
      currentWeeklyRunningMinutes: 60,
      experience: "returning",
    });
    await db.insert(sessions).values({
      id: "ses_active",
      userId: "usr_active",
      secretHash: "x",
      lastVerifiedAt: new Date("2026-06-09T08:00:00Z"),
      expiresAt: new Date("2026-09-01T00:00:00Z"),
      createdAt: new Date("2026-06-01T08:00:00Z"),
    });
    await saveInvoices(db, [
      {
        id: "in_1",
        userId: "usr_active",
        subscriptionId: "sub_usr_active",
        status: "paid",
        currency: "usd",
        amountDue: 2900,
        amountPaid: 2900,
        issuedAt: new Date("2026-05-01T00:00:00Z"),
        paidAt: new Date("2026-05-01T00:00:00Z"),
        receiptUrl: null,
      },
      {
        id: "in_2",
        userId: "usr_active",
        subscriptionId: "sub_usr_active",
        status: "paid",
        currency: "usd",
        amountDue: 2900,
        amountPaid: 2900,
        issuedAt: new Date("2026-06-01T00:00:00Z"),
        paidAt: new Date("2026-06-01T00:00:00Z"),
        receiptUrl: null,
      },
      {
        id: "in_3",
        userId: "usr_active",
        subscriptionId: "sub_usr_active",
        status: "open",
        currency: "usd",
        amountDue: 2900,
        amountPaid: 0,
        issuedAt: new Date("2026-06-05T00:00:00Z"),
        paidAt: null,
        receiptUrl: null,
      },
    ]);
  });
  afterAll(() => platform.close());

  it("gives each account its status, plan week, last activity and lifetime value", async () => {
    const { members, total } = await loadMembersPage(platform.services, { query: "", status: undefined, page: 1 });
    expect(total).toBe(7);
    expect(Object.fromEntries(members.map((member) => [member.email.split("@")[0], member.status]))).toEqual({
      active: "active",
      pastdue: "past_due",
      paused: "paused",
      cancelling: "cancelling",
      ended: "ended",
      free: "free",
      none: "none",
    });
    const active = members.find((member) => member.id === "usr_active");
    expect(active).toMatchObject({
      firstName: "Ingrid",
      planWeek: { week: 4 },
      lastActiveAt: new Date("2026-06-09T08:00:00Z"),
      // Two paid invoices; the open one brought nothing.
      lifetimeValue: 5800,
      currency: "usd",
    });
    expect(members.map((member) => member.email)[0]).toBe("none@example.com");
  });

  it("searches by email or first name and filters by status", async () => {
    const byName = await loadMembersPage(platform.services, { query: "ingr", status: undefined, page: 1 });
    expect(byName.members.map((member) => member.id)).toEqual(["usr_active"]);
    const byEmail = await loadMembersPage(platform.services, { query: "PAUSED@", status: undefined, page: 1 });
    expect(byEmail.members.map((member) => member.id)).toEqual(["usr_paused"]);
    for (const status of ["active", "past_due", "paused", "cancelling", "ended", "free"] as const) {
      const page = await loadMembersPage(platform.services, { query: "", status, page: 1 });
      expect(page.total, status).toBe(1);
      expect(page.members[0]?.status, status).toBe(status);
    }
    const wildcard = await loadMembersPage(platform.services, { query: "%", status: undefined, page: 1 });
    expect(wildcard.total).toBe(0);
  });

  it("pages through a long list, and a page past the end shows the last", async () => {
    const { db } = platform.services.database;
    await db.insert(users).values(
      Array.from({ length: MEMBERS_PER_PAGE + 3 }, (_, index) => ({
        id: `usr_bulk_${String(index).padStart(3, "0")}`,
        email: `bulk${index}@example.org`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
      })),
    );
    const first = await loadMembersPage(platform.services, { query: "@example.org", status: undefined, page: 1 });
    const second = await loadMembersPage(platform.services, { query: "@example.org", status: undefined, page: 2 });
    expect([first.total, first.pageCount, first.members.length]).toEqual([MEMBERS_PER_PAGE + 3, 2, MEMBERS_PER_PAGE]);
    expect(second.members.map((member) => member.id)).toEqual(["usr_bulk_002", "usr_bulk_001", "usr_bulk_000"]);
    const beyond = await loadMembersPage(platform.services, { query: "@example.org", status: undefined, page: 9 });
    expect(beyond.page).toBe(2);
    const all = new Set([...first.members, ...second.members].map((member) => member.id));
    expect(all.size).toBe(MEMBERS_PER_PAGE + 3);
  });

  it("makes a free membership a membership until its last day, then not", async () => {
    const { db } = platform.services.database;
    await db.insert(users).values({ id: "usr_guest", email: "guest@example.com" });
    expect(await loadMembership(db, "usr_guest", now)).toMatchObject({ member: false, state: "none" });
    const given = await giveFreeMembership(platform.services, {
      userId: "usr_guest",
      actor: TEST_ADMIN_EMAIL,
      requestKey: "grant-guest-1",
      until: "2026-06-20",
      note: "Injured: a month on us",
    });
    expect(given).toMatchObject({ done: true, repeated: false });
    // A double click sends the same form again: one grant.
    const again = await giveFreeMembership(platform.services, {
      userId: "usr_guest",
      actor: TEST_ADMIN_EMAIL,
      requestKey: "grant-guest-1",
      until: "2026-06-20",
      note: "Injured: a month on us",
    });
    expect(again).toMatchObject({ done: true, repeated: true });
    const detail = await loadMemberDetail(platform.services, "usr_guest");
    expect(detail?.grants).toHaveLength(1);
    expect(detail?.actions).toMatchObject([{ kind: "free_membership", actor: TEST_ADMIN_EMAIL, status: "done" }]);

    const lastDay = new Date("2026-06-20T23:59:00Z");
    expect(await loadMembership(db, "usr_guest", lastDay)).toEqual({
      member: true,
      state: "free",
      endsOn: new Date("2026-06-21T00:00:00Z"),
    });
    expect(await loadMembership(db, "usr_guest", new Date("2026-06-21T00:00:00Z"))).toMatchObject({ member: false });
    platform.setNow(new Date("2026-06-22T00:00:00Z"));
    const list = await loadMembersPage(platform.services, { query: "guest@", status: undefined, page: 1 });
    expect(list.members[0]?.status).toBe("none");
    platform.setNow(now);
  });

  it("refuses a free membership that would end in the past", async () => {
    const result = await giveFreeMembership(platform.services, {
      userId: "usr_none",
      actor: TEST_ADMIN_EMAIL,
      requestKey: "grant-none-past",
      until: "2026-06-01",
      note: null,
    });
    expect(result).toMatchObject({ done: false, reason: "invalid" });
  });

  it("counts MRR from the subscriptions that will charge again, and new, churned and paused per month", async () => {
    const revenue = await loadRevenue(platform.services, 4);
    // Active and past due pay; paused, cancelling and ended do not.
    expect(revenue.mrr).toEqual([{ currency: "usd", amount: 5800, subscriptions: 2 }]);
    expect(revenue.months).toEqual([
      { month: "2026-03", started: 1, ended: 0, paused: 0 },
      { month: "2026-04", started: 1, ended: 0, paused: 0 },
      { month: "2026-05", started: 3, ended: 0, paused: 0 },
      { month: "2026-06", started: 0, ended: 1, paused: 1 },
    ]);
  });
});
