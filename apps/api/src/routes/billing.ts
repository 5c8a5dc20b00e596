import { findStripeCustomerId } from "@academy/db/queries/billing";
import { handleStripeEvent, verifyStripeEvent } from "@academy/platform/billing";
import { Hono } from "hono";
import { answer, formErrorsTo } from "../http/answer.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { requireUser } from "../http/session.ts";

export { HANDLED_EVENTS } from "@academy/platform/billing";

export const billingRoutes = new Hono<AppEnv>()
  .post("/webhook", async (c) => {
    const { billing, database, clock, logger } = c.get("services");
    // The signature covers the exact bytes Stripe sent, so read the raw body before anything parses it.
    const payload = await c.req.text();
    const event = await verifyStripeEvent(billing, payload, c.req.header("stripe-signature"));
    if (!event)
      throw new ApiError(400, "invalid_signature", "The webhook signature does not match; nothing was changed.");
    // Any failure in handling answers 5xx, and Stripe retries; the event is marked handled only at the end.
    const outcome = await handleStripeEvent(database.db, billing.stripe, event, clock.now(), logger);
    return c.json(outcome === "handled" ? { received: true } : { received: true, [outcome]: true });
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
