import type { Database } from "@academy/db/client";
import { closeCheckout, hasHandledStripeEvent, markStripeEventHandled } from "@academy/db/queries/billing";
import type Stripe from "stripe";
import type { Logger } from "../logger.ts";
import type { StripeBilling } from "./stripe-billing.ts";
import { recordInvoice, syncSubscription } from "./sync.ts";

/** The events that can change a membership or a checkout; anything else is acknowledged and ignored. */
export const HANDLED_EVENTS: ReadonlySet<string> = new Set([
  "checkout.session.completed",
  "checkout.session.expired",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.paid",
  "invoice.payment_failed",
]);

/**
 * How far ahead of our clock a signature may be dated (clocks drift, a little). The SDK refuses signatures
 * older than its 5-minute tolerance but not ones from the future, and a request signed for the future could
 * be replayed until long after it was sent.
 */
export const MAX_SIGNATURE_AHEAD_SECONDS = 300;

/**
 * The event Stripe signed, or undefined when its signature does not hold: another secret or body, a
 * timestamp older than the SDK's tolerance, or one more than MAX_SIGNATURE_AHEAD_SECONDS ahead.
 * `receivedAt` is the wall clock in milliseconds (Stripe dates signatures by its wall clock, not by any
 * clock of ours that tests move); both checks use it.
 */
export async function verifyStripeEvent(
  billing: Pick<StripeBilling, "stripe" | "webhookSecret">,
  payload: string,
  signature: string | undefined,
  receivedAt: number = Date.now(),
): Promise<Stripe.Event | undefined> {
  if (!signature) return undefined;
  const signedAt = readSignedAt(signature);
  if (signedAt === undefined || signedAt > Math.floor(receivedAt / 1000) + MAX_SIGNATURE_AHEAD_SECONDS)
    return undefined;
  try {
    return await billing.stripe.webhooks.constructEventAsync(
      payload,
      signature,
      billing.webhookSecret,
      undefined,
      undefined,
      receivedAt,
    );
  } catch {
    return undefined;
  }
}

/** The `t=` of a Stripe-Signature header, read as the SDK reads it (the last one counts). */
function readSignedAt(header: string): number | undefined {
  let signedAt: number | undefined;
  for (const item of header.split(",")) {
    const [key, value] = item.split("=");
    if (key === "t") signedAt = Number.parseInt(value ?? "", 10);
  }
  return signedAt === undefined || Number.isNaN(signedAt) ? undefined : signedAt;
}

export type WebhookOutcome = "handled" | "duplicate" | "ignored";

/**
 * Acts on one verified event: a checkout's outcome is recorded, then every event goes to the one sync that
 * reads the customer's truth from Stripe, and an invoice event's invoice is recorded as the event carries it.
 * The event is marked handled only after all of it succeeded, so a failure (thrown) lets Stripe retry it.
 */
export async function handleStripeEvent(
  db: Database,
  stripe: Stripe,
  event: Stripe.Event,
  now: Date,
  log?: Pick<Logger, "warn">,
): Promise<WebhookOutcome> {
  if (!HANDLED_EVENTS.has(event.type)) return "ignored";
  if (await hasHandledStripeEvent(db, event.id)) return "duplicate";
  if (event.type === "checkout.session.completed" || event.type === "checkout.session.expired") {
    // Stripe never reopens a session, so its outcome can be taken from the event, whenever it arrives.
    await closeCheckout(db, {
      id: event.data.object.id,
      outcome: event.type === "checkout.session.completed" ? "complete" : "expired",
      at: new Date(event.created * 1000),
    });
  }
  const object = event.data.object as { customer?: string | { id: string } | null };
  const customerId = typeof object.customer === "string" ? object.customer : object.customer?.id;
  const userId = customerId ? await syncSubscription(db, stripe, customerId, now, log) : undefined;
  if (userId && (event.type === "invoice.paid" || event.type === "invoice.payment_failed")) {
    await recordInvoice(db, event.data.object, userId);
  }
  await markStripeEventHandled(db, event.id, event.type);
  return "handled";
}
