import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startStripeLocal } from "./start.ts";
import { startTestContext, subscribeMember, type TestContext, WEBHOOK_SECRET } from "./test-context.ts";
import { signWebhookPayload } from "./webhooks.ts";

const sdk = new Stripe("sk_test_unused");

describe("signWebhookPayload", () => {
  it("signs exactly like Stripe's own test helper", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event", type: "invoice.paid" }, null, 2);
    const timestamp = 1_900_000_000;
    expect(signWebhookPayload(payload, WEBHOOK_SECRET, timestamp)).toBe(
      sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp }),
    );
  });

  it("produces a header constructEvent rejects under another secret", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const header = signWebhookPayload(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000));
    expect(sdk.webhooks.constructEvent(payload, header, WEBHOOK_SECRET).id).toBe("evt_1");
    expect(() => sdk.webhooks.constructEvent(payload, header, "whsec_other")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});

describe("webhook delivery", () => {
  let context: TestContext | undefined;
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  it("retries after a 500 until the endpoint answers 2xx, with a valid signature each time", async () => {
    context = await startTestContext();
    const { stripe, local, receiver } = context;
    receiver.failNext(2);
    const customer = await stripe.customers.create({ email: "ruth@example.com" });

    const deliveries = await local.waitForDeliveries();
    expect(deliveries.map((delivery) => [delivery.attempt, delivery.status, delivery.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(receiver.received.map((webhook) => webhook.event.type)).toEqual([
      "customer.created",
      "customer.created",
      "customer.created",
    ]);
    for (const webhook of receiver.received) {
      const event = stripe.webhooks.constructEvent(webhook.body, webhook.signature, WEBHOOK_SECRET);
      expect(event.data.object).toMatchObject({ id: customer.id });
    }
    const [event] = (await stripe.events.list({ type: "customer.created" })).data;
    expect(event?.pending_webhooks).toBe(0);
  });

  it("gives up after the last attempt and leaves the event pending", async () => {
    context = await startTestContext({ webhookRetry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 } });
    const { stripe, local, receiver } = context;
    receiver.failNext(5, 503);
    await stripe.customers.create({ email: "ruth@example.com" });
    const deliveries = await local.waitForDeliveries();
    expect(deliveries.map((delivery) => delivery.status)).toEqual([503, 503]);
    const [event] = (await stripe.events.list()).data;
    expect(event?.pending_webhooks).toBe(1);
  });

  it("retries when the endpoint cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const local = await startStripeLocal({
      webhookUrl: `http://127.0.0.1:${port}/webhook`,
      webhookSecret: WEBHOOK_SECRET,
      webhookRetry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
    });
    try {
      local.seedPrices();
      const deliveries = await local.waitForDeliveries();
      expect(deliveries.length).toBeGreaterThan(0);
      expect(deliveries.every((delivery) => delivery.status === null && !delivery.ok)).toBe(true);
      expect(deliveries.filter((delivery) => delivery.attempt === 2)).toHaveLength(local.events().length);
    } finally {
      await local.stop();
    }
  });

  it("records events without delivering them when no webhook URL is set", async () => {
    const local = await startStripeLocal({ webhookSecret: WEBHOOK_SECRET });
    try {
      local.seedPrices();
      expect(await local.waitForDeliveries()).toEqual([]);
      expect(local.events().map((event) => event.type)).toEqual(["product.created", "price.created", "price.created"]);
      expect(local.events().every((event) => event.pending_webhooks === 0)).toBe(true);
    } finally {
      await local.stop();
    }
  });

  it("delivers events with the request that caused them", async () => {
    context = await startTestContext();
    const { stripe, local, receiver } = context;
    await stripe.customers.create({ email: "ruth@example.com" }, { idempotencyKey: "signup-1" });
    await local.waitForDeliveries();
    const [webhook] = receiver.received;
    expect(webhook?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(webhook?.body ?? "{}")).toMatchObject({
      object: "event",
      livemode: false,
      api_version: expect.any(String),
      request: { id: expect.stringMatching(/^req_/), idempotency_key: "signup-1" },
    });
    const retrieved = await stripe.events.retrieve(webhook?.event.id ?? "");
    expect(retrieved).toMatchObject({ id: webhook?.event.id, type: "customer.created", pending_webhooks: 0 });
    const customerEvents = await stripe.events.list({ type: "customer.*" });
    expect(customerEvents.data.map((event) => event.id)).toEqual([webhook?.event.id]);
    const created = retrieved.created;
    expect((await stripe.events.list({ created: { gte: created } })).data).toHaveLength(1);
    expect((await stripe.events.list({ created: { gt: created } })).data).toHaveLength(0);
  });
});

describe("chaos switch", () => {
  let context: TestContext | undefined;
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function runCheckout(chaos: Parameters<TestContext["local"]["setChaos"]>[0]) {
    context = await startTestContext({ chaos });
    await subscribeMember(context);
    await context.local.waitForDeliveries();
    const created = context.local.events().map((event) => event.id);
    const delivered = context.receiver.received.map((webhook) => webhook.event.id);
    const deliveredTypes = context.receiver.received.map((webhook) => webhook.event.type);
    await context.close();
    context = undefined;
    return { created, delivered, deliveredTypes };
  }

  it("delivers each event once, in creation order, when off", async () => {
    const calm = await runCheckout(null);
    expect(calm.delivered).toEqual(calm.created);
  });

  it("duplicates and reorders deliveries: the same events, more deliveries, another order", async () => {
    const chaotic = await runCheckout({ duplicate: 1, reorder: true, seed: 7 });
    expect(new Set(chaotic.delivered)).toEqual(new Set(chaotic.created));
    expect(chaotic.delivered).toHaveLength(chaotic.created.length * 2);
    const firstDeliveries = chaotic.delivered.filter((id, index) => chaotic.delivered.indexOf(id) === index);
    expect(firstDeliveries).not.toEqual(chaotic.created);
  });

  it("replays the same chaos from the same seed", async () => {
    const first = await runCheckout({ duplicate: 0.5, reorder: true, seed: 42 });
    const second = await runCheckout({ duplicate: 0.5, reorder: true, seed: 42 });
    expect(second.deliveredTypes).toEqual(first.deliveredTypes);
    expect(first.delivered.length).toBeGreaterThan(first.created.length);
  });

  it("can be switched on and off while running", async () => {
    context = await startTestContext();
    const { stripe, local, receiver } = context;
    local.setChaos({ duplicate: 1, copies: 2, seed: 1 });
    await stripe.customers.create({ email: "first@example.com" });
    await local.waitForDeliveries();
    expect(receiver.received).toHaveLength(3);
    local.setChaos(null);
    await stripe.customers.create({ email: "second@example.com" });
    await local.waitForDeliveries();
    expect(receiver.received).toHaveLength(4);
  });
});
