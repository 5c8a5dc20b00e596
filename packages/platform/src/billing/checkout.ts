import { createHash } from "node:crypto";
import type { Database } from "@academy/db/client";
import {
  findCheckoutHistory,
  findStripeCustomerId,
  saveCheckout,
  saveStripeCustomer,
} from "@academy/db/queries/billing";
import { createSharedPacer, type Priority, type RateLimiter } from "./rate-limiter.ts";
import type { StripeBilling } from "./stripe-billing.ts";

/** One pacer per Stripe endpoint that enrolling calls, each with a proven line ahead of an anonymous one. */
export interface StripePacers {
  customers: RateLimiter;
  checkoutSessions: RateLimiter;
  /** Calls per second each of them lets through. */
  perSecond: number;
  /** Calls per second they let through together (the global budget). */
  allPerSecond: number;
}

/** The longest anyone waits for her turn at Stripe; beyond it, checkout is busy and she tries again later. */
export const MAX_CHECKOUT_WAIT_MS = 120_000;

/** Stripe calls per second summed over endpoints, by default: under Stripe's 25/s in a sandbox. */
export const DEFAULT_STRIPE_CALLS_PER_SECOND = 24;

/**
 * The pacers of the endpoints enrolling calls, kept in the database so that every instance shares them:
 * `perSecond` per endpoint, `allPerSecond` summed over both.
 */
export function createStripePacers(
  db: Database,
  perSecond: number,
  allPerSecond = DEFAULT_STRIPE_CALLS_PER_SECOND,
): StripePacers {
  const allStarts = { last: Number.NEGATIVE_INFINITY };
  const pacer = (lane: string) =>
    createSharedPacer(db, { lane, perSecond, allPerSecond, maxWaitMs: MAX_CHECKOUT_WAIT_MS, allStarts });
  return { customers: pacer("customers"), checkoutSessions: pacer("checkout_sessions"), perSecond, allPerSecond };
}

/**
 * Who the checkout is for. A visitor who has shown who she is (signed in, or her personal link) has an
 * account, and her checkout is opened for her Stripe customer. An anonymous visitor has only the random id
 * her browser holds: her checkout has no customer (Stripe makes one when she pays), and the address she
 * typed, if any, is only prefilled on Stripe's page, which confirms it.
 */
export type CheckoutBuyer =
  | { kind: "account"; userId: string; email: string }
  | { kind: "anonymous"; anonymousId: string; email: string | undefined };

export interface CheckoutParams {
  buyer: CheckoutBuyer;
  windowId: string;
  siteUrl: string;
  now: Date;
}

/** Which line of the pacers a buyer waits in: anyone with an account is proven (see CheckoutBuyer). */
export function priorityOf(buyer: CheckoutBuyer): Priority {
  return buyer.kind === "account" ? "proven" : "anonymous";
}

/**
 * Creates her checkout page for this window at Stripe (and her Stripe customer first, if she has an
 * account but no customer yet) and saves it, unless one of hers opened since the caller looked. Every
 * Stripe call carries an idempotency key derived from who and what, so retries and races land on the
 * same objects; each waits its turn in the pacer of its endpoint, in the line of her priority.
 */
export async function createCheckout(
  db: Database,
  billing: StripeBilling,
  pacers: StripePacers,
  params: CheckoutParams,
): Promise<string> {
  const { buyer, windowId, siteUrl } = params;
  // Stripe keeps idempotency keys for 24 hours, as long as a checkout session lives.
  const day = Math.floor(params.now.getTime() / 86_400_000);
  const common = {
    mode: "subscription" as const,
    line_items: [{ price: billing.monthlyPriceId, quantity: 1 }],
    success_url: `${siteUrl}/enroll/welcome?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${siteUrl}/enroll?cancelled=1`,
  };
  let session: { id: string; url: string | null; expires_at: number };
  if (buyer.kind === "account") {
    // A click that raced an opening which finished since (here or on another instance) finds it open.
    const history = await findCheckoutHistory(db, buyer.userId, windowId, params.now);
    if (history.openUrl) return history.openUrl;
    const customerId = await ensureCustomer(db, billing, pacers.customers, buyer);
    // Her checkouts so far name the next one: after one is paid or expires, the key is new and Stripe opens a
    // new session instead of replaying the closed one; two clicks racing for the next one share it.
    const previous = history.count;
    await pacers.checkoutSessions.take("proven");
    const metadata = { userId: buyer.userId, windowId };
    session = await billing.stripe.checkout.sessions.create(
      {
        ...common,
        customer: customerId,
        client_reference_id: buyer.userId,
        metadata,
        subscription_data: { metadata },
      },
      { idempotencyKey: `checkout-${buyer.userId}-${windowId}-${day}-${previous}` },
    );
  } else {
    // Behind every proven visitor (see the pacers); she needs no customer, so she takes no turn there: a turn
    // that called nothing would still count against the budget summed over endpoints.
    await pacers.checkoutSessions.take("anonymous");
    // No customer and no account: Stripe collects (or confirms the prefilled) address, and the sync
    // attaches the paid subscription to the account of the address she paid with.
    const metadata = { windowId, anonymous: "1" };
    session = await billing.stripe.checkout.sessions.create(
      {
        ...common,
        ...(buyer.email ? { customer_email: buyer.email } : {}),
        metadata,
        subscription_data: { metadata },
      },
      // Same browser, same address: the same session. Another address is other parameters, so another key.
      { idempotencyKey: `checkout-anonymous-${buyer.anonymousId}-${windowId}-${day}-${digestOf(buyer.email)}` },
    );
  }
  if (!session.url) throw new Error("Stripe returned a checkout session without a URL");
  await saveCheckout(db, {
    id: session.id,
    ...(buyer.kind === "account" ? { userId: buyer.userId } : { anonymousId: buyer.anonymousId }),
    windowId,
    url: session.url,
    expiresAt: new Date(session.expires_at * 1000),
  });
  return session.url;
}

async function ensureCustomer(
  db: Database,
  billing: StripeBilling,
  pacer: RateLimiter,
  buyer: Extract<CheckoutBuyer, { kind: "account" }>,
): Promise<string> {
  const existing = await findStripeCustomerId(db, buyer.userId);
  if (existing) return existing;
  await pacer.take("proven");
  const customer = await billing.stripe.customers.create(
    { email: buyer.email, metadata: { userId: buyer.userId } },
    { idempotencyKey: `customer-${buyer.userId}` },
  );
  return saveStripeCustomer(db, buyer.userId, customer.id);
}

/** A short digest of the prefilled address for an idempotency key (the key never carries the address). */
function digestOf(email: string | undefined): string {
  return email ? createHash("sha256").update(email).digest("base64url").slice(0, 16) : "none";
}
