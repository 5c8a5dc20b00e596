import type { Services } from "../services.ts";
import { loadMembership } from "./membership-store.ts";
import { syncSubscription } from "./sync.ts";

/** What her return from Stripe's checkout page means, and the address she paid with (for signing in). */
export interface CheckoutReturn {
  state: "member" | "processing" | "unknown";
  email: string;
}

/**
 * Where she stands when Stripe sends her back after paying. It runs the same sync as the webhooks, so she
 * is a member the moment she lands, even if the webhook is still on its way. An unknown or malformed
 * session, or Stripe failing, is "unknown": the page tells her her membership is safe if she paid.
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
    const userId = session.client_reference_id;
    const email = session.customer_details?.email ?? session.customer_email ?? "";
    if (!customerId || !userId || session.status !== "complete") return { state: "unknown", email };
    await syncSubscription(database.db, billing.stripe, customerId, clock.now());
    const { member } = await loadMembership(database.db, userId, clock.now());
    return { state: member ? "member" : "processing", email };
  } catch {
    return { state: "unknown", email: "" };
  }
}
