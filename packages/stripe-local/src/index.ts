/**
 * stripe-local: a Stripe test-mode stand-in that the official `stripe` SDK talks to, for development and
 * tests. It serves the slice of the API a membership site uses (products, prices, customers, Checkout in
 * subscription mode, subscriptions, invoices, the billing portal, events, test clocks) with Stripe's wire
 * format, hosts the Checkout and portal pages, and sends signed webhooks with retries. State is in memory,
 * or with `statePath` in a folder that outlives restarts and crashes.
 *
 * @example
 * const local = await startStripeLocal({ webhookUrl: "http://127.0.0.1:4321/api/billing/webhook", webhookSecret });
 * const { monthly } = local.seedPrices();
 * const stripe = new Stripe(local.secretKey, local.stripeClientOptions);
 * const session = await stripe.checkout.sessions.create({
 *   mode: "subscription",
 *   line_items: [{ price: monthly.id, quantity: 1 }],
 *   success_url: "http://127.0.0.1:4321/welcome?session_id={CHECKOUT_SESSION_ID}",
 * });
 * // Open session.url and pay with 4242 4242 4242 4242; a month later:
 * local.advanceTime(31); // renews: invoice.paid is delivered to the webhook
 * await local.stop();
 */
export { DECLINE_MESSAGES, TEST_CARDS } from "./cards.ts";
export type { Clock } from "./clock.ts";
export type { DunningPolicy } from "./engine.ts";
export type {
  CheckoutSession,
  Customer,
  Invoice,
  Price,
  Product,
  StripeEvent,
  Subscription,
} from "./objects.ts";
export type { EndpointStats } from "./request-stats.ts";
export {
  type SeededPrices,
  type SeedPricesOptions,
  STRIPE_API_VERSION,
  type StripeLocal,
  type StripeLocalOptions,
  startStripeLocal,
} from "./start.ts";
export { CorruptStateError, StateFolderLockedError } from "./state-journal.ts";
export { type ChaosSettings, signWebhookPayload, type WebhookDelivery, type WebhookRetryPolicy } from "./webhooks.ts";
