import type { Database } from "@academy/db/client";
import {
  findCurrentSubscription,
  findUserIdByStripeCustomer,
  type SubscriptionRow,
  saveSubscription,
} from "@academy/db/queries/billing";
import { subscriptions } from "@academy/db/schema";
import { eq } from "drizzle-orm";
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
  for (const subscription of list.data) {
    const [existing] = await db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
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

/** True when she already has a subscription that is not over (she must not pay twice). */
export async function hasLiveSubscription(db: Database, userId: string): Promise<boolean> {
  return isLive(await findCurrentSubscription(db, userId));
}

/** Whether her current subscription (see findCurrentSubscription) is one she must not pay for twice. */
export function isLive(current: Pick<SubscriptionRow, "status" | "pausedAt"> | null | undefined): boolean {
  return !!current && ["active", "trialing", "past_due"].includes(current.status) && !current.pausedAt;
}
