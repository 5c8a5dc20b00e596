import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { recordEnrollLinkClick } from "@academy/db/queries/funnel";
import { checkoutSessions, subscriptions, users, waitlistEntries } from "@academy/db/schema";
import { enqueueCampaign, processCampaign } from "@academy/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignIdFor } from "../launch/launches.ts";
import { createTestServices, type TestServices } from "../testing.ts";
import { loadWindowFunnelFor } from "./index.ts";

describe("a window's funnel", () => {
  let platform: TestServices;
  let windowId: string;

  beforeAll(async () => {
    platform = await createTestServices();
    const { db } = platform.services.database;
    const window = await createEnrollmentWindow(db, {
      name: "June",
      priorityOpensAt: new Date("2026-06-01T08:00:00Z"),
      publicOpensAt: new Date("2026-06-03T08:00:00Z"),
      closesAt: new Date("2026-06-10T20:00:00Z"),
      timeZone: "Europe/London",
      capacity: null,
    });
    windowId = window.id;
    const joined = new Date("2026-05-01T08:00:00Z");
    const entry = (name: string, state: "confirmed" | "unconfirmed" | "unsubscribed" = "confirmed") => ({
      id: `wl_${name}`,
      email: `${name}@example.com`,
      consentText: "Tell me when doors open.",
      confirmedAt: state === "unconfirmed" ? null : joined,
      unsubscribedAt: state === "unsubscribed" ? joined : null,
    });
    // Ada follows every step and pays; Bea stops at checkout; Cyd was emailed and did nothing; Dot, on the
    // list, was never emailed but signed in and paid; Eve never confirmed; Fay followed every step, paid, and
    // has left the list since (so she is counted with Dot, as a buyer from the waitlist off the path).
    await db
      .insert(waitlistEntries)
      .values([
        entry("ada"),
        entry("bea"),
        entry("cyd"),
        entry("dot"),
        entry("eve", "unconfirmed"),
        entry("fay", "unsubscribed"),
      ]);
    const emailed = ["ada", "bea", "cyd", "fay"];
    await enqueueCampaign(platform.services.jobs, {
      campaignId: campaignIdFor(windowId, "doors-open"),
      recipients: emailed.map((name) => ({ key: `wl_${name}`, payload: {} })),
      sendAt: joined,
    });
    await processCampaign(platform.services.jobs, campaignIdFor(windowId, "doors-open"), async () => {});
    for (const name of ["ada", "bea", "fay"]) await recordEnrollLinkClick(db, windowId, `wl_${name}`);
    // Pam and Quinn were never on the waitlist: Pam signed up and paid, Quinn paid from an anonymous checkout
    // (her account was made by the payment), and one more anonymous visitor opened checkout twice.
    await db.insert(users).values(
      ["ada", "bea", "dot", "fay", "pam", "quinn"].map((name) => ({
        id: `usr_${name}`,
        email: `${name}@example.com`,
      })),
    );
    const checkout = (id: string, holder: { userId: string } | { anonymousId: string }) => ({
      id,
      ...holder,
      windowId,
      url: `https://checkout.example/${id}`,
      expiresAt: new Date("2026-06-02T08:00:00Z"),
    });
    await db
      .insert(checkoutSessions)
      .values([
        checkout("cs_ada", { userId: "usr_ada" }),
        checkout("cs_bea", { userId: "usr_bea" }),
        checkout("cs_fay", { userId: "usr_fay" }),
        checkout("cs_pam", { userId: "usr_pam" }),
        checkout("cs_quinn", { anonymousId: "anon_quinn" }),
        checkout("cs_other1", { anonymousId: "anon_other" }),
        checkout("cs_other2", { anonymousId: "anon_other" }),
      ]);
    const paid = (name: string) => ({
      id: `sub_${name}`,
      userId: `usr_${name}`,
      stripeCustomerId: `cus_${name}`,
      status: "active",
      currentPeriodEnd: new Date("2026-07-01T08:00:00Z"),
      windowId,
    });
    await db.insert(subscriptions).values([paid("ada"), paid("dot"), paid("fay"), paid("pam"), paid("quinn")]);
  });
  afterAll(() => platform.close());

  it("counts each waitlist stage from the people of the stage before, and buyers from outside on their own", async () => {
    const funnel = await loadWindowFunnelFor(platform.services, windowId);

    expect(funnel).toEqual({
      waitlist: 4,
      emailed: 3,
      clicked: 2,
      checkout: 2,
      paid: 1,
      waitlistPaidOffPath: 2,
      public: { checkout: 3, paid: 2 },
    });
  });
});
