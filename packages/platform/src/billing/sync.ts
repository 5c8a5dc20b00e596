import type { Database } from "@academy/db/client";
import { findUserIdByStripeCustomer, listSubscriptionsById, saveSubscription } from "@academy/db/queries/billing";
import type Stripe from "stripe";

/**
 * Reads the customer's subscriptions from Stripe and writes them over ours. Every webhook and the
 * checkout success page call this one function, so the result never depends on which event arrived
 * first, how often, or whether it arrived at all.
 */
export async function syncSubscription(db: Database, stripe: Stripe, customerId: string, now: Date): Promise<void> {
  const userId = await findUserIdByStripeCustomer(db, customerId);
  if (!userId) return;
  const list = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 20 });
  // Our copies keep what Stripe does not report: since when it has been paused or past due, and its window.
  const known = new Map(
    (await listSubscriptionsById(db, { ids: list.data.map((subscription) => subscription.id) })).map((row) => [
      row.id,
      row,
    ]),
  );
  for (const subscription of list.data) {
    const existing = known.get(subscription.id);
    const item = subscription.items.data[0];
    const periodEnd =
      item?.current_period_end ?? (subscription as unknown as { current_period_end?: number }).current_period_end ?? 0;
    const pastDue = subscription.status === "past_due";
    await saveSubscription(db, {
      id: subscription.id,
      userId,
      stripeCustomerId: customerId,
      status: subscription.status,
      priceId: item?.price.id ?? null,
      currentPeriodEnd: new Date(periodEnd * 1000),
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
      pausedAt: subscription.pause_collection ? (existing?.pausedAt ?? now) : null,
      pastDueSince: pastDue ? (existing?.pastDueSince ?? now) : null,
      windowId: subscription.metadata.windowId ?? existing?.windowId ?? null,
    });
  }
}
