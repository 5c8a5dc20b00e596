import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEST_CARDS } from "./cards.ts";
import { startTestContext, subscribeMember, type TestContext, waitForEventTypes } from "./test-context.ts";
import { payCheckout, pressPortalButton, updatePortalCard } from "./testing.ts";

const DAY = 86_400;

/** The current period of a subscription, from its first item (where API version 2025-03-31 keeps it). */
function readPeriod(subscription: Stripe.Subscription): { start: number; end: number } {
  const item = subscription.items.data[0];
  return { start: item?.current_period_start ?? 0, end: item?.current_period_end ?? 0 };
}

describe("subscription lifecycle", () => {
  let context: TestContext;
  beforeEach(async () => {
    context = await startTestContext();
  });
  afterEach(() => context.close());

  it("renews at the end of the period: a new period, a paid cycle invoice and invoice.paid", async () => {
    const { stripe, local, receiver } = context;
    const { customer, subscription } = await subscribeMember(context);
    const first = readPeriod(subscription);
    await local.waitForDeliveries();
    receiver.received.length = 0;

    local.advanceTime(new Date((first.end + 60) * 1000));

    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.status).toBe("active");
    expect(readPeriod(renewed).start).toBe(first.end);
    expect(readPeriod(renewed).end).toBeGreaterThan(first.end + 27 * DAY);
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((invoice) => [invoice.billing_reason, invoice.status])).toEqual([
      ["subscription_cycle", "paid"],
      ["subscription_create", "paid"],
    ]);
    expect(renewed.latest_invoice).toBe(invoices.data[0]?.id);

    const types = await waitForEventTypes(context);
    expect(types).toEqual(expect.arrayContaining(["customer.subscription.updated", "invoice.paid"]));
    const update = receiver.received.find((webhook) => webhook.event.type === "customer.subscription.updated");
    expect(update?.event.data).toMatchObject({ previous_attributes: { current_period_end: first.end } });
  });

  it("pushes the next charge back with trial_end: trialing until then, charged then, monthly from there", async () => {
    const { stripe, local } = context;
    const { customer, subscription } = await subscribeMember(context);
    const first = readPeriod(subscription);
    const trialEnd = first.end + 10 * DAY;
    const extended = await stripe.subscriptions.update(subscription.id, {
      trial_end: trialEnd,
      proration_behavior: "none",
    });
    expect(extended.status).toBe("trialing");
    expect(extended.trial_end).toBe(trialEnd);
    expect(readPeriod(extended).end).toBe(trialEnd);

    local.advanceTime(new Date((first.end + 60) * 1000));
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1);
    local.advanceTime(new Date((trialEnd + 60) * 1000));
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.status).toBe("active");
    expect(readPeriod(renewed).start).toBe(trialEnd);
    expect(readPeriod(renewed).end).toBeGreaterThan(trialEnd + 27 * DAY);
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((invoice) => [invoice.billing_reason, invoice.status, invoice.period_start])).toEqual([
      ["subscription_cycle", "paid", trialEnd],
      ["subscription_create", "paid", first.start],
    ]);

    await expect(stripe.subscriptions.update(subscription.id, { trial_end: first.start })).rejects.toThrow(
      "Invalid timestamp: must be an integer Unix timestamp in the future.",
    );
  });

  it("renews twelve times in a year's advance, in order", async () => {
    const { stripe, local } = context;
    const { customer } = await subscribeMember(context);
    local.advanceTime(366);
    const invoices = await stripe.invoices.list({ customer: customer.id, limit: 100 });
    expect(invoices.data).toHaveLength(13);
    const starts = invoices.data.map((invoice) => invoice.period_start).reverse();
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(invoices.data.every((invoice) => invoice.status === "paid")).toBe(true);
  });

  it("cancels at the period end from the portal: active until then, then canceled and deleted", async () => {
    const { stripe, local, receiver } = context;
    const { customer, subscription } = await subscribeMember(context);
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://127.0.0.1:4321/account",
    });
    expect(portal.id).toMatch(/^bps_/);
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Cancel membership");
    expect(page).toContain('href="http://127.0.0.1:4321/account"');

    const pressed = await pressPortalButton(portal.url, subscription.id, "cancel");
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get("location")).toBe(`/portal/${portal.id}?notice=canceled`);
    const scheduled = await stripe.subscriptions.retrieve(subscription.id);
    expect(scheduled).toMatchObject({
      status: "active",
      cancel_at_period_end: true,
      cancel_at: readPeriod(subscription).end,
    });
    expect(await (await fetch(`${portal.url}?notice=canceled`)).text()).toContain("Your membership ends on");

    local.advanceTime(new Date((readPeriod(subscription).end + 1) * 1000));
    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended).toMatchObject({ status: "canceled", ended_at: readPeriod(subscription).end });
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(1);

    const types = await waitForEventTypes(context);
    expect(types).toContain("customer.subscription.deleted");
    const update = receiver.received.find((webhook) => webhook.event.type === "customer.subscription.updated");
    expect(update?.event.data).toMatchObject({ previous_attributes: { cancel_at_period_end: false } });
  });

  it("undoes a scheduled cancellation with the portal's Don't cancel button", async () => {
    const { stripe } = context;
    const { customer, subscription } = await subscribeMember(context);
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
    await pressPortalButton(portal.url, subscription.id, "cancel");
    expect(await (await fetch(portal.url)).text()).toContain("Don&#39;t cancel");
    await pressPortalButton(portal.url, subscription.id, "renew");
    const kept = await stripe.subscriptions.retrieve(subscription.id);
    expect(kept).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
  });

  it("pauses collection (pause_collection, status stays active): renewals are voided until resumed", async () => {
    const { stripe, local } = context;
    const { customer, subscription } = await subscribeMember(context);
    const paused = await stripe.subscriptions.update(subscription.id, { pause_collection: { behavior: "void" } });
    expect(paused).toMatchObject({ status: "active", pause_collection: { behavior: "void", resumes_at: null } });

    local.advanceTime(31);
    const [pausedInvoice] = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(pausedInvoice).toMatchObject({ billing_reason: "subscription_cycle", status: "void", amount_paid: 0 });

    const resumed = await stripe.subscriptions.update(subscription.id, { pause_collection: "" });
    expect(resumed.pause_collection).toBeNull();
    local.advanceTime(31);
    const [nextInvoice] = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(nextInvoice).toMatchObject({ billing_reason: "subscription_cycle", status: "paid", amount_paid: 2900 });
    expect(await waitForEventTypes(context)).toContain("invoice.voided");
  });

  it("pauses and resumes from the portal", async () => {
    const { stripe } = context;
    const { customer, subscription } = await subscribeMember(context);
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
    await pressPortalButton(portal.url, subscription.id, "pause");
    expect((await stripe.subscriptions.retrieve(subscription.id)).pause_collection).toEqual({
      behavior: "void",
      resumes_at: null,
    });
    expect(await (await fetch(portal.url)).text()).toContain("Resume payments");
    await pressPortalButton(portal.url, subscription.id, "resume");
    expect((await stripe.subscriptions.retrieve(subscription.id)).pause_collection).toBeNull();
  });

  it("resumes by itself at pause_collection.resumes_at", async () => {
    const { stripe, local } = context;
    const { subscription } = await subscribeMember(context);
    const resumesAt = Math.floor(local.now().getTime() / 1000) + 10 * DAY;
    await stripe.subscriptions.update(subscription.id, {
      pause_collection: { behavior: "void", resumes_at: resumesAt },
    });
    local.advanceTime(11);
    expect((await stripe.subscriptions.retrieve(subscription.id)).pause_collection).toBeNull();
  });

  it("fails a renewal on a card that cannot be charged: past_due, invoice.payment_failed, retries, then unpaid", async () => {
    const { stripe, local, receiver } = context;
    const { customer, subscription } = await subscribeMember(context);
    local.setCardToFail(customer.id);
    const periodEnd = readPeriod(subscription).end;

    local.advanceTime(new Date((periodEnd + 60) * 1000));
    const pastDue = await stripe.subscriptions.retrieve(subscription.id);
    expect(pastDue.status).toBe("past_due");
    const [failed] = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(failed).toMatchObject({ status: "open", attempt_count: 1, amount_paid: 0 });
    expect(failed?.next_payment_attempt).toBe(periodEnd + 3 * DAY);
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ delinquent: true });

    const types = await waitForEventTypes(context);
    expect(types).toContain("invoice.payment_failed");
    const statusChange = receiver.received.find(
      (webhook) =>
        webhook.event.type === "customer.subscription.updated" && webhook.event.data.object.status === "past_due",
    );
    expect(statusChange?.event.data).toMatchObject({ previous_attributes: { status: "active" } });

    // Three retries, three days apart (the default policy), all failing.
    local.advanceTime(9);
    const unpaid = await stripe.subscriptions.retrieve(subscription.id);
    expect(unpaid.status).toBe("unpaid");
    const [exhausted] = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(exhausted).toMatchObject({ status: "open", attempt_count: 4, next_payment_attempt: null });
    await local.waitForDeliveries();
    expect(receiver.received.filter((webhook) => webhook.event.type === "invoice.payment_failed")).toHaveLength(4);
  });

  it("cancels instead when the dunning policy says so", async () => {
    await context.close();
    context = await startTestContext({ dunning: { maxRetries: 1, retryIntervalDays: 2, finalStatus: "canceled" } });
    const { stripe, local } = context;
    const { customer, subscription } = await subscribeMember(context);
    local.setCardToFail(customer.id);
    local.advanceTime(31 + 2);
    const canceled = await stripe.subscriptions.retrieve(subscription.id);
    expect(canceled).toMatchObject({ status: "canceled", cancellation_details: { reason: "payment_failed" } });
    expect(await waitForEventTypes(context)).toContain("customer.subscription.deleted");
  });

  it("makes future renewals fail after the portal saves 4000 0000 0000 0341, and recovers with a good card", async () => {
    const { stripe, local } = context;
    const { customer, subscription } = await subscribeMember(context);
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });

    const saved = await updatePortalCard(portal.url, { cardNumber: TEST_CARDS.failsOnRenewal });
    expect(saved.headers.get("location")).toBe(`/portal/${portal.id}?notice=card-updated`);
    expect(await (await fetch(portal.url)).text()).toContain("Visa ending in 0341");
    local.advanceTime(32);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    expect(await (await fetch(portal.url)).text()).toContain("Your last payment failed.");

    const fixed = await updatePortalCard(portal.url, { cardNumber: TEST_CARDS.success });
    expect(fixed.headers.get("location")).toBe(`/portal/${portal.id}?notice=card-updated`);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    const [invoice] = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(invoice).toMatchObject({ status: "paid", attempt_count: 2 });
  });

  it("refuses a declined card in the portal and keeps the old one", async () => {
    const { stripe } = context;
    const { customer } = await subscribeMember(context);
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
    const declined = await updatePortalCard(portal.url, { cardNumber: TEST_CARDS.declined });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    expect(await (await fetch(portal.url)).text()).toContain("Visa ending in 4242");
  });

  it("cancels at once with DELETE and sends customer.subscription.deleted", async () => {
    const { stripe } = context;
    const { subscription } = await subscribeMember(context);
    const canceled = await stripe.subscriptions.cancel(subscription.id, {
      cancellation_details: { comment: "Moving abroad" },
    });
    expect(canceled).toMatchObject({
      status: "canceled",
      cancellation_details: { comment: "Moving abroad", reason: "cancellation_requested" },
    });
    expect(canceled.ended_at).not.toBeNull();
    expect(await waitForEventTypes(context)).toContain("customer.subscription.deleted");
    await expect(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it("keeps an annual subscription for a year", async () => {
    const { stripe, local } = context;
    const { customer, subscription } = await subscribeMember(context, { interval: "year" });
    local.advanceTime(200);
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1);
    local.advanceTime(170);
    const invoices = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(invoices).toHaveLength(2);
    expect(invoices[0]?.amount_paid).toBe(29000);
    expect(readPeriod(await stripe.subscriptions.retrieve(subscription.id)).start).toBe(readPeriod(subscription).end);
  });
});

describe("Stripe test clocks", () => {
  let context: TestContext;
  beforeEach(async () => {
    context = await startTestContext();
  });
  afterEach(() => context.close());

  it("bills customers on a test clock by that clock only", async () => {
    const { stripe, local } = context;
    const frozen = Math.floor(Date.UTC(2030, 0, 31, 12) / 1000);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen, name: "January member" });
    expect(clock).toMatchObject({ object: "test_helpers.test_clock", status: "ready", frozen_time: frozen });
    const customer = await stripe.customers.create({ email: "clock@example.com", test_clock: clock.id });
    const { monthly } = local.seedPrices();
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: "http://127.0.0.1:4321/welcome",
    });
    await payCheckout(session.url ?? "");
    const [subscription] = (await stripe.subscriptions.list({ customer: customer.id })).data;
    expect(subscription).toMatchObject({ test_clock: clock.id, start_date: frozen });
    // 31 January renews on the last day of February.
    expect(readPeriod(subscription as Stripe.Subscription).end).toBe(Math.floor(Date.UTC(2030, 1, 28, 12) / 1000));

    local.advanceTime(40);
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1);

    const advanced = await stripe.testHelpers.testClocks.advance(clock.id, {
      frozen_time: Math.floor(Date.UTC(2030, 2, 31, 13) / 1000),
    });
    expect(advanced.status).toBe("ready");
    const invoices = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(invoices.map((invoice) => invoice.period_start)).toEqual([
      Math.floor(Date.UTC(2030, 2, 31, 12) / 1000),
      Math.floor(Date.UTC(2030, 1, 28, 12) / 1000),
      frozen,
    ]);
    await expect(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: frozen })).rejects.toMatchObject({
      statusCode: 400,
      param: "frozen_time",
    });
  });
});
