import { findCurrentSubscription } from "@academy/db/queries/billing";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { subscriptions, users } from "@academy/db/schema";
import { loadMembership, MAX_SIGNATURE_AHEAD_SECONDS } from "@academy/platform/billing";
import type { StripeEvent } from "@academy/stripe-local";
import { payCheckout } from "@academy/stripe-local/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, deliverNewWebhooks, deliverWebhook, OPEN_WINDOW, postJson, type TestApi } from "../testing.ts";

const DAY = 86_400_000;

/** Grace and pause are dated by Stripe, so when a webhook arrives changes nothing; and only fresh signatures count. */
describe("billing moments from Stripe's own timestamps", () => {
  let api: TestApi;
  const delivered = new Set<string>();

  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, OPEN_WINDOW);
  });
  afterAll(() => api.close());

  function local() {
    const stand = api.services.billing.local;
    if (!stand) throw new Error("tests run on stripe-local");
    return stand;
  }

  function deliver(event: StripeEvent, signedAt = Math.floor(Date.now() / 1000)) {
    return deliverWebhook(api.app, event, api.services.billing.webhookSecret, { signedAt });
  }

  /** Delivers every event not delivered yet, in order, as Stripe would once it gets through. */
  const deliverNew = () => deliverNewWebhooks(api, delivered);

  /** She enrolls and pays; every webhook arrives. Returns her id and subscription. */
  async function becomeMember(email: string) {
    const response = await api.app.request(...postJson("/api/enroll", { email }));
    const paid = await payCheckout((await response.json()).checkoutUrl);
    expect(paid.status).toBe(303);
    await deliverNew();
    const [user] = await api.services.database.db.select().from(users).where(eq(users.email, email));
    if (!user) throw new Error(`no user ${email}`);
    const subscription = await findCurrentSubscription(api.services.database.db, user.id);
    if (!subscription) throw new Error(`no subscription for ${email}`);
    return { userId: user.id, subscription };
  }

  const membershipOf = (userId: string) => loadMembership(api.services.database.db, userId, api.services.clock.now());

  it("ends the past-due grace 7 days after the payment failed, however late the webhooks arrive", async () => {
    api.setNow(new Date("2026-06-01T09:00:00Z"));
    const { userId, subscription } = await becomeMember("late-webhook@example.com");
    local().setCardToFail(subscription.stripeCustomerId);
    const failedAt = subscription.currentPeriodEnd;

    // The renewal fails when the period ends; the webhooks reach us three days later.
    api.setNow(new Date(failedAt.getTime() + 3 * DAY));
    local().processDueBilling();
    await deliverNew();

    expect(await membershipOf(userId)).toEqual({
      member: true,
      state: "past-due",
      graceEndsOn: new Date(failedAt.getTime() + 7 * DAY),
    });
    api.setNow(new Date(failedAt.getTime() + 7 * DAY + 60_000));
    expect(await membershipOf(userId)).toEqual({ member: false, state: "past-due-expired" });
  });

  it("keeps a member who pauses in until her paid period ends, and says when it resumes", async () => {
    api.setNow(new Date("2026-06-01T09:00:00Z"));
    const { userId, subscription } = await becomeMember("pauser@example.com");
    const periodEnd = subscription.currentPeriodEnd;
    const resumesAt = new Date(periodEnd.getTime() + 20 * DAY);
    await api.services.billing.stripe.subscriptions.update(subscription.id, {
      pause_collection: { behavior: "void", resumes_at: Math.floor(resumesAt.getTime() / 1000) },
    });
    await deliverNew();
    expect(await membershipOf(userId)).toEqual({
      member: true,
      state: "pausing",
      pausesOn: periodEnd,
      resumesOn: resumesAt,
    });

    // A period starts while she is paused (its invoice is voided); the webhooks arrive days later.
    api.setNow(new Date(periodEnd.getTime() + 5 * DAY));
    local().processDueBilling();
    await deliverNew();
    expect(await membershipOf(userId)).toEqual({ member: false, state: "paused", resumesOn: resumesAt });
    const row = await findCurrentSubscription(api.services.database.db, userId);
    expect(row?.pausedAt).toEqual(periodEnd);

    // Stripe resumes collection on the day it was told to.
    api.setNow(new Date(resumesAt.getTime() + 60_000));
    local().processDueBilling();
    await deliverNew();
    expect(await membershipOf(userId)).toMatchObject({ member: true, state: "active" });
  });

  it("refuses a webhook signed more than 5 minutes in the future and changes nothing, and accepts a little skew", async () => {
    api.setNow(new Date("2026-06-01T09:00:00Z"));
    const response = await api.app.request(...postJson("/api/enroll", { email: "future@example.com" }));
    await payCheckout((await response.json()).checkoutUrl);
    const pending = local()
      .events()
      .filter((event) => !delivered.has(event.id));
    const [first] = pending;
    if (!first) throw new Error("no events");
    const before = await api.services.database.db.select().from(subscriptions).orderBy(asc(subscriptions.id));

    const now = Math.floor(Date.now() / 1000);
    for (const event of pending) {
      const refused = await deliver(event, now + MAX_SIGNATURE_AHEAD_SECONDS + 60);
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.code).toBe("invalid_signature");
    }
    expect(await api.services.database.db.select().from(subscriptions).orderBy(asc(subscriptions.id))).toEqual(before);

    const skewed = await deliver(first, now + MAX_SIGNATURE_AHEAD_SECONDS - 60);
    expect(skewed.status).toBe(200);
    const stale = await deliver(first, now - 10 * 60);
    expect(stale.status).toBe(400);
  });
});
