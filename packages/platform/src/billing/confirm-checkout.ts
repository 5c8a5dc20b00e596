import { closeCheckout, findUserIdByStripeCustomer, listSubscriptionsById } from "@academy/db/queries/billing";
import type { Services } from "../services.ts";
import { loadMembership } from "./membership-store.ts";
import { syncSubscription } from "./sync.ts";

/**
 * What her return from Stripe's checkout page means, and the address she paid with (for signing in).
 * "already-member": she was a member already, so this second payment was refunded and its subscription
 * cancelled (see syncSubscription).
 */
export interface CheckoutReturn {
  state: "member" | "already-member" | "processing" | "unknown";
  email: string;
}

/**
 * Where she stands when Stripe sends her back after paying. It runs the same sync as the webhooks, so she
 * is a member the moment she lands, even if the webhook is still on its way; that holds for a checkout
 * opened before she had an account too (the sync makes her one). An unknown or malformed session, or
 * Stripe failing, is "unknown": the page tells her her membership is safe if she paid.
 */
export async function confirmCheckout(
  services: Pick<Services, "billing" | "database" | "clock">,
  sessionId: string,
): Promise<CheckoutReturn> {
  if (!/^cs_[A-Za-z0-9_]{8,200}$/.test(sessionId)) return { state: "unknown", email: "" };
  const { billing, database, clock } = services;
  try {
    const session = await billing.stripe.checkout.sessions.retrieve(sessionId);
    const customerId = typeof session.customer === "string" ? session.customer : session.customer?.id;
    // As her account has it (the address she typed on Stripe's page may differ in case).
    const email = (session.customer_details?.email ?? session.customer_email ?? "").toLowerCase();
    if (!customerId || session.status !== "complete") return { state: "unknown", email };
    // Paid: never handed out again, even before its webhook arrives.
    await closeCheckout(database.db, { id: session.id, outcome: "complete", at: clock.now() });
    await syncSubscription(database.db, billing.stripe, customerId, clock.now());
    const subscriptionId = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
    const [paid] = subscriptionId ? await listSubscriptionsById(database.db, { ids: [subscriptionId] }) : [];
    // Just paid, and cancelled already: the sync found she had a membership, and refunded this one.
    if (paid?.status === "canceled") return { state: "already-member", email };
    const userId = await findUserIdByStripeCustomer(database.db, customerId);
    if (!userId) return { state: "processing", email };
    const { member } = await loadMembership(database.db, userId, clock.now());
    return { state: member ? "member" : "processing", email };
  } catch {
    return { state: "unknown", email: "" };
  }
}
