import type { Database } from "@academy/db/client";
import { listCancellableSubscriptions } from "@academy/db/queries/billing";
import type Stripe from "stripe";

/**
 * Cancels at Stripe, at once, every subscription of hers that Stripe may still charge: deleting her
 * account must never leave a charge running. Safe to repeat (one idempotency key per subscription).
 */
export async function cancelSubscriptions(db: Database, stripe: Stripe, userId: string): Promise<void> {
  for (const { id } of await listCancellableSubscriptions(db, { userId })) {
    await stripe.subscriptions.cancel(id, {}, { idempotencyKey: `cancel-${id}` });
  }
}
