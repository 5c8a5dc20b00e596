import type { Database } from "@academy/db/client";
import { findStripeCustomerId, saveCheckout, saveStripeCustomer } from "@academy/db/queries/billing";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.ts";
import type { StripeBilling } from "./stripe-billing.ts";

/** One first-come, first-served pacer per Stripe endpoint that enrolling calls. */
export interface StripePacers {
  customers: RateLimiter;
  checkoutSessions: RateLimiter;
  /** Calls per second each of them lets through. */
  perSecond: number;
}

/** The longest anyone waits for her turn at Stripe; beyond it, checkout is busy and she tries again later. */
export const MAX_CHECKOUT_WAIT_MS = 120_000;

export function createStripePacers(perSecond: number): StripePacers {
  const pacer = () => createRateLimiter({ perSecond, maxWaitMs: MAX_CHECKOUT_WAIT_MS });
  return { customers: pacer(), checkoutSessions: pacer(), perSecond };
}

export interface CheckoutParams {
  userId: string;
  email: string;
  windowId: string;
  siteUrl: string;
  now: Date;
}

/**
 * Creates her checkout page for this window at Stripe (and her Stripe customer first, if she has none)
 * and saves it; the caller has already looked for one still open. Every Stripe call carries an
 * idempotency key derived from who and what, so retries and races land on the same objects; each waits
 * its turn in the pacer of its endpoint.
 */
export async function createCheckout(
  db: Database,
  billing: StripeBilling,
  pacers: StripePacers,
  params: CheckoutParams,
): Promise<string> {
  const customerId = await ensureCustomer(db, billing, pacers.customers, params);
  // Stripe keeps idempotency keys for 24 hours, as long as a checkout session lives.
  const day = Math.floor(params.now.getTime() / 86_400_000);
  await pacers.checkoutSessions.take();
  const session = await billing.stripe.checkout.sessions.create(
    {
      mode: "subscription",
      customer: customerId,
      client_reference_id: params.userId,
      line_items: [{ price: billing.monthlyPriceId, quantity: 1 }],
      success_url: `${params.siteUrl}/enroll/welcome?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${params.siteUrl}/enroll?cancelled=1`,
      metadata: { userId: params.userId, windowId: params.windowId },
      subscription_data: { metadata: { userId: params.userId, windowId: params.windowId } },
    },
    { idempotencyKey: `checkout-${params.userId}-${params.windowId}-${day}` },
  );
  if (!session.url) throw new Error("Stripe returned a checkout session without a URL");
  await saveCheckout(db, {
    id: session.id,
    userId: params.userId,
    windowId: params.windowId,
    url: session.url,
    expiresAt: new Date(session.expires_at * 1000),
  });
  return session.url;
}

async function ensureCustomer(
  db: Database,
  billing: StripeBilling,
  pacer: RateLimiter,
  params: CheckoutParams,
): Promise<string> {
  const existing = await findStripeCustomerId(db, params.userId);
  if (existing) return existing;
  await pacer.take();
  const customer = await billing.stripe.customers.create(
    { email: params.email, metadata: { userId: params.userId } },
    { idempotencyKey: `customer-${params.userId}` },
  );
  return saveStripeCustomer(db, params.userId, customer.id);
}
