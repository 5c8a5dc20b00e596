import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TEST_CARDS } from "./cards.ts";
import { startStripeLocal } from "./start.ts";
import { startTestContext, subscribeMember, type TestContext, WEBHOOK_SECRET } from "./test-context.ts";
import { payCheckout, pressPortalButton, startWebhookReceiver } from "./testing.ts";

const RETURN_URL = "http://127.0.0.1:4321/account";

/** Everything the API shows, to compare an account before a restart with the same account after it. */
async function readAccount(stripe: Stripe) {
  const all = { limit: 100 } as const;
  const customers = await stripe.customers.list(all).autoPagingToArray({ limit: 1000 });
  return {
    customers,
    paymentMethods: await Promise.all(
      customers.map((customer) =>
        stripe.customers.listPaymentMethods(customer.id, all).autoPagingToArray({ limit: 100 }),
      ),
    ),
    subscriptions: await stripe.subscriptions.list({ ...all, status: "all" }).autoPagingToArray({ limit: 1000 }),
    invoices: await stripe.invoices.list(all).autoPagingToArray({ limit: 1000 }),
    checkoutSessions: await stripe.checkout.sessions.list(all).autoPagingToArray({ limit: 1000 }),
    products: await stripe.products.list(all).autoPagingToArray({ limit: 100 }),
    prices: await stripe.prices.list(all).autoPagingToArray({ limit: 100 }),
    testClocks: await stripe.testHelpers.testClocks.list(all).autoPagingToArray({ limit: 100 }),
    events: await stripe.events.list(all).autoPagingToArray({ limit: 10_000 }),
  };
}

describe("stripe-local with a state folder", () => {
  let statePath: string;
  const contexts: TestContext[] = [];
  const start = async (options: Parameters<typeof startTestContext>[0] = {}) => {
    const context = await startTestContext({ statePath, ...options });
    contexts.push(context);
    return context;
  };
  /** Stops a stand-in as a restart would, and starts another on the same folder. */
  const restart = async (context: TestContext, options: Parameters<typeof startTestContext>[0] = {}) => {
    await context.close();
    contexts.splice(contexts.indexOf(context), 1);
    return start(options);
  };

  beforeEach(() => {
    statePath = mkdtempSync(join(tmpdir(), "stripe-local-state-"));
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    vi.restoreAllMocks();
    rmSync(statePath, { recursive: true, force: true });
  });

  it("keeps a member who paid: after a restart her customer, subscription and invoices are there and her portal opens", async () => {
    const first = await start();
    const { customer, subscription } = await subscribeMember(first);
    const { monthly } = first.local.seedPrices();

    const second = await restart(first);
    const { stripe } = second;
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, email: "ruth@example.com" });
    const subscriptions = await stripe.subscriptions.list({ customer: customer.id, status: "all" });
    expect(subscriptions.data.map((kept) => [kept.id, kept.status])).toEqual([[subscription.id, "active"]]);
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((invoice) => [invoice.status, invoice.amount_paid])).toEqual([["paid", 2900]]);

    // The step issue #14 failed at: "Manage membership" opens the portal for her customer.
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: RETURN_URL });
    expect(portal.url).toBe(`${second.local.url}/portal/${portal.id}`);
    expect((await pressPortalButton(portal.url, subscription.id, "pause")).status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).pause_collection).toMatchObject({ behavior: "void" });

    // Seeding again (as the app does at every start) finds the same prices rather than adding more.
    expect(second.local.seedPrices().monthly.id).toBe(monthly.id);
    expect((await stripe.prices.list({ lookup_keys: ["membership_monthly"] })).data.map((price) => price.id)).toEqual([
      monthly.id,
    ]);
    expect((await stripe.prices.list()).data).toHaveLength(2);
  });

  it("shows the same account after a restart, through renewals, dunning, cancellations, pauses and test clocks", async () => {
    const warn = vi.spyOn(console, "warn");
    const first = await start();
    const { stripe, local } = first;
    const paying = await subscribeMember(first, { email: "ruth@example.com" });
    const failing = await subscribeMember(first, { email: "ana@example.com", interval: "month" });
    const leaving = await subscribeMember(first, { email: "lea@example.com", interval: "year" });
    const deleted = await stripe.customers.create({ email: "gone@example.com", metadata: { userId: "usr_9" } });
    local.setCardToFail(failing.customer.id);
    await stripe.subscriptions.update(leaving.subscription.id, { cancel_at_period_end: true });
    await stripe.subscriptions.update(paying.subscription.id, { metadata: { plan: "coached" } });
    await stripe.customers.update(paying.customer.id, { name: "Ruth Runner" });
    local.advanceTime(32); // a renewal paid, one failed: past_due and a retry planned
    local.advanceTime(4); // the retry fails too
    await stripe.subscriptions.cancel(failing.subscription.id); // the retried invoice is no longer retried
    await stripe.subscriptions.update(paying.subscription.id, { pause_collection: { behavior: "void" } });
    await stripe.customers.del(deleted.id);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
    await stripe.customers.create({ email: "clocked@example.com", test_clock: clock.id });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: clock.frozen_time + 86_400 });
    const { monthly } = local.seedPrices();
    await stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "later@example.com",
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: "http://127.0.0.1:4321/welcome",
    });
    await local.waitForDeliveries();
    const before = await readAccount(stripe);
    const clockBefore = local.now().getTime();

    const second = await restart(first);
    expect(await readAccount(second.stripe)).toEqual(before);
    expect(second.local.now().getTime() - clockBefore).toBeGreaterThanOrEqual(0);
    expect(second.local.now().getTime() - clockBefore).toBeLessThan(60_000);
    expect(before.invoices.filter((invoice) => invoice.customer === failing.customer.id)).toHaveLength(2);
    expect(before.subscriptions.find((kept) => kept.id === leaving.subscription.id)?.cancel_at_period_end).toBe(true);
    // Every change was saved when it was made, none only at the stop.
    expect(warn.mock.calls.flat().join(" ")).not.toContain("only at stop");
  });

  it("keeps the clock's lead: a month advanced before the restart is not billed again after it", async () => {
    const first = await start();
    const { customer } = await subscribeMember(first);
    first.local.advanceTime(31);
    const advancedTo = first.local.now().getTime();

    const second = await restart(first);
    expect(second.local.now().getTime()).toBeGreaterThanOrEqual(advancedTo);
    second.local.processDueBilling();
    const invoices = await second.stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((invoice) => invoice.billing_reason)).toEqual([
      "subscription_cycle",
      "subscription_create",
    ]);
  });

  it("replays an idempotent request after a restart instead of running it twice", async () => {
    const first = await start();
    const created = await first.stripe.customers.create({ email: "once@example.com" }, { idempotencyKey: "signup-42" });

    const second = await restart(first);
    const again = await second.stripe.customers.create({ email: "once@example.com" }, { idempotencyKey: "signup-42" });
    expect(again.id).toBe(created.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await second.stripe.customers.list({ email: "once@example.com" })).data).toHaveLength(1);
    await expect(
      second.stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: "signup-42" }),
    ).rejects.toMatchObject({ type: "StripeIdempotencyError" });
  });

  it("delivers after a restart the webhooks a stop left undelivered", async () => {
    const failing = await startWebhookReceiver();
    failing.failNext(1000, 503);
    const first = await start({ webhookUrl: failing.url, webhookRetry: { maxAttempts: 5, initialDelayMs: 60_000 } });
    const customer = await first.stripe.customers.create({ email: "ruth@example.com" });
    await vi.waitFor(() => expect(failing.received.length).toBeGreaterThan(0), { timeout: 10_000 });
    const [event] = (await first.stripe.events.list({ type: "customer.created" })).data;
    expect(event?.pending_webhooks).toBe(1);
    await failing.close();

    const second = await restart(first);
    await second.local.waitForDeliveries();
    const delivered = second.receiver.received.find((webhook) => webhook.event.id === event?.id);
    expect(delivered?.event.data.object).toMatchObject({ id: customer.id });
    expect(Stripe.webhooks.constructEvent(delivered?.body ?? "", delivered?.signature ?? "", WEBHOOK_SECRET).id).toBe(
      event?.id,
    );
    expect((await second.stripe.events.retrieve(event?.id ?? "")).pending_webhooks).toBe(0);

    // Delivered once: a third start has nothing left to send.
    const third = await restart(second);
    await third.local.waitForDeliveries();
    expect(third.receiver.received).toEqual([]);
  });

  it("sends an event to the webhook only once it is on disk", async () => {
    const seenOnDisk: boolean[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        const { id } = JSON.parse(body) as { id: string };
        const files = readdirSync(statePath).map((file) => {
          try {
            return readFileSync(join(statePath, file), "utf8");
          } catch {
            return "";
          }
        });
        seenOnDisk.push(files.some((text) => text.includes(`"${id}"`)));
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const context = await start({ webhookUrl: `http://127.0.0.1:${port}/webhook` });
      await subscribeMember(context);
      await context.stripe.customers.create({ email: "ana@example.com" });
      await context.local.waitForDeliveries();
      expect(seenOnDisk.length).toBeGreaterThan(10);
      expect(seenOnDisk.every(Boolean)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("serves an open Checkout Session at the same address after a restart, so a saved link still pays", async () => {
    const first = await start();
    const { monthly } = first.local.seedPrices();
    const session = await first.stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "ruth@example.com",
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: "http://127.0.0.1:4321/welcome?session_id={CHECKOUT_SESSION_ID}",
    });

    const second = await restart(first);
    expect(second.local.url).toBe(first.local.url);
    expect((await second.stripe.checkout.sessions.retrieve(session.id)).url).toBe(session.url);
    const payment = await payCheckout(session.url ?? "", { cardNumber: TEST_CARDS.success });
    expect(payment.status).toBe(303);
    expect((await second.stripe.checkout.sessions.retrieve(session.id)).status).toBe("complete");
  });

  it("moves open sessions to the new address when the old port is taken", async () => {
    const first = await start();
    const { monthly } = first.local.seedPrices();
    const session = await first.stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "ruth@example.com",
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: "http://127.0.0.1:4321/welcome",
    });
    await first.close();
    contexts.splice(0);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(first.local.port, "127.0.0.1", resolve));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const second = await start();
      expect(second.local.port).not.toBe(first.local.port);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`port ${first.local.port}`));
      const moved = await second.stripe.checkout.sessions.retrieve(session.id);
      expect(moved.url).toBe(`${second.local.url}/checkout/${session.id}`);
      expect((await payCheckout(moved.url ?? "")).status).toBe(303);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it("refuses a second stand-in on a folder that is in use", async () => {
    await start();
    await expect(startStripeLocal({ webhookSecret: WEBHOOK_SECRET, statePath })).rejects.toThrow(/already open/);
  });
});
