import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { stripeEvents, subscriptions } from "@academy/db/schema";
import type { StripeEvent } from "@academy/stripe-local";
import { payCheckout } from "@academy/stripe-local/testing";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, deliverWebhook, postJson, signIn, type TestApi, withCookie } from "../testing.ts";

/** A deterministic shuffle (mulberry32), so a failure can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

describe("replaying webhooks", () => {
  let api: TestApi;
  let events: StripeEvent[];

  beforeAll(async () => {
    api = await createTestApi();
    const stand = api.services.billing.local;
    if (!stand) throw new Error("tests run on stripe-local");
    await createEnrollmentWindow(api.services.database.db, {
      name: "Open",
      priorityOpensAt: new Date("2026-05-01T00:00:00Z"),
      publicOpensAt: new Date("2026-05-02T00:00:00Z"),
      closesAt: new Date("2026-07-01T00:00:00Z"),
      timeZone: "UTC",
      capacity: null,
    });
    // 24 members pay; some cards start failing, some cancel; then a year of renewals.
    for (let member = 0; member < 24; member++) {
      const cookie = await signIn(api, `member${member}@example.com`);
      const response = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
      await payCheckout((await response.json()).checkoutUrl);
    }
    const customers = await api.services.billing.stripe.customers.list({ limit: 100 });
    for (const customer of customers.data.slice(0, 4)) stand.setCardToFail(customer.id);
    const live = await api.services.billing.stripe.subscriptions.list({ limit: 100 });
    for (const subscription of live.data.slice(4, 8)) {
      await api.services.billing.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    }
    for (let month = 1; month <= 12; month++) {
      api.setNow(new Date(Date.UTC(2026, 5 + month, 3)));
      stand.processDueBilling();
    }
    events = stand.events();
  }, 120_000);
  afterAll(() => api.close());

  async function deliverAll(list: StripeEvent[]) {
    for (const event of list) {
      const response = await deliverWebhook(api.app, event, api.services.billing.webhookSecret);
      expect(response.status).toBe(200);
    }
  }

  async function snapshot() {
    const rows = await api.services.database.db.select().from(subscriptions).orderBy(asc(subscriptions.id));
    // When we wrote the row, and when its welcome email went out, are ours: the facts are Stripe's.
    return rows.map(
      ({ createdAt: _created, updatedAt: _updated, welcomeDueAt: _due, welcomeSentAt: _sent, ...facts }) => facts,
    );
  }

  async function forget() {
    await api.services.database.db.delete(subscriptions);
    await api.services.database.db.delete(stripeEvents);
  }

  it("ends in the same state shuffled with 3× duplicates as in order", async () => {
    expect(events.length).toBeGreaterThanOrEqual(1000);
    await deliverAll(events);
    const inOrder = await snapshot();
    expect(new Set(inOrder.map((row) => row.status))).toEqual(new Set(["active", "canceled", "unpaid"]));

    await forget();
    await deliverAll(shuffle([...events, ...events, ...events], 7));
    expect(await snapshot()).toEqual(inOrder);
  }, 300_000);
});
