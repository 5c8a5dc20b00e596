/**
 * The setup most tests of this package share: a stand-in, a webhook receiver it delivers to, and the
 * official SDK pointed at it. Not exported; apps build their own from `startStripeLocal` and `./testing`.
 */
import Stripe from "stripe";
import { type StripeLocal, type StripeLocalOptions, startStripeLocal } from "./start.ts";
import { payCheckout, startWebhookReceiver, type WebhookReceiver } from "./testing.ts";

export const WEBHOOK_SECRET = "whsec_stripe_local_tests";

export interface TestContext {
  local: StripeLocal;
  stripe: Stripe;
  receiver: WebhookReceiver;
  close(): Promise<void>;
}

export async function startTestContext(options: Partial<StripeLocalOptions> = {}): Promise<TestContext> {
  const receiver = await startWebhookReceiver();
  const local = await startStripeLocal({
    webhookUrl: receiver.url,
    webhookSecret: WEBHOOK_SECRET,
    webhookRetry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
  // No SDK retries: a test should see exactly the response the stand-in gave.
  const stripe = new Stripe(local.secretKey, { ...local.stripeClientOptions, maxNetworkRetries: 0 });
  return {
    local,
    stripe,
    receiver,
    async close() {
      await local.stop();
      await receiver.close();
    },
  };
}

/** A member who went through Checkout with a card that pays: customer, subscription and paid first invoice. */
export async function subscribeMember(
  context: TestContext,
  options: { interval?: "month" | "year"; email?: string } = {},
): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription; sessionId: string }> {
  const { local, stripe } = context;
  const prices = local.seedPrices();
  const price = options.interval === "year" ? prices.annual : prices.monthly;
  const customer = await stripe.customers.create({ email: options.email ?? "ruth@example.com" });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "http://127.0.0.1:4321/welcome?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://127.0.0.1:4321/join",
  });
  const response = await payCheckout(session.url ?? "");
  if (response.status !== 303) throw new Error(`Checkout failed with ${response.status}: ${await response.text()}`);
  const [subscription] = (await stripe.subscriptions.list({ customer: customer.id })).data;
  if (subscription === undefined) throw new Error("Checkout created no subscription.");
  return { customer, subscription, sessionId: session.id };
}

/** The event types the receiver got, in arrival order, after every delivery has settled. */
export async function waitForEventTypes(context: TestContext): Promise<string[]> {
  await context.local.waitForDeliveries();
  return context.receiver.received.map((webhook) => webhook.event.type);
}
