import { findStripeCustomerId, hasHandledStripeEvent, markStripeEventHandled } from "@academy/db/queries/billing";
import { syncSubscription } from "@academy/platform/billing";
import { Hono } from "hono";
import type Stripe from "stripe";
import { answer, formErrorsTo } from "../http/answer.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { requireUser } from "../http/session.ts";

/** The events that can change a membership; anything else is acknowledged and ignored. */
export const HANDLED_EVENTS = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.paid",
  "invoice.payment_failed",
]);

export const billingRoutes = new Hono<AppEnv>()
  .post("/webhook", async (c) => {
    const { billing, database, clock } = c.get("services");
    const signature = c.req.header("stripe-signature");
    // The signature covers the exact bytes Stripe sent, so read the raw body before anything parses it.
    const payload = await c.req.text();
    let event: Stripe.Event;
    try {
      if (!signature) throw new Error("missing Stripe-Signature");
      event = await billing.stripe.webhooks.constructEventAsync(payload, signature, billing.webhookSecret);
    } catch {
      throw new ApiError(400, "invalid_signature", "The webhook signature does not match; nothing was changed.");
    }
    if (!HANDLED_EVENTS.has(event.type)) return c.json({ received: true, ignored: true });
    if (await hasHandledStripeEvent(database.db, event.id)) return c.json({ received: true, duplicate: true });
    const object = event.data.object as { customer?: string | { id: string } | null };
    const customerId = typeof object.customer === "string" ? object.customer : object.customer?.id;
    // Any failure below answers 5xx, and Stripe retries; the event is marked handled only after the sync.
    if (customerId) await syncSubscription(database.db, billing.stripe, customerId, clock.now());
    await markStripeEventHandled(database.db, event.id, event.type);
    return c.json({ received: true });
  })
  // The account page's "Manage membership" button: to Stripe's billing portal, or back with the reason.
  .post("/portal", formErrorsTo("/account"), async (c) => {
    const { user } = requireUser(c);
    const { billing, database, siteUrl } = c.get("services");
    const customerId = await findStripeCustomerId(database.db, user.id);
    if (!customerId) throw new ApiError(404, "no_billing", "You have no membership to manage yet.");
    const session = await billing.stripe.billingPortal.sessions.create({
      customer: customerId,
      return_url: `${siteUrl}/account`,
    });
    return answer(c, { json: { portalUrl: session.url }, redirect: session.url });
  });
