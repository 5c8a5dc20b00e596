import type { Database } from "@academy/db/client";
import { findCurrentSubscription, type SubscriptionRow } from "@academy/db/queries/billing";
import { deriveMembership, type Membership, type SubscriptionFacts, type SubscriptionStatus } from "./membership.ts";

/** Her membership now, from the subscription we last synced from Stripe. */
export async function loadMembership(db: Database, userId: string, now: Date): Promise<Membership> {
  const subscription = await findCurrentSubscription(db, userId);
  return deriveMembership(subscription ? toFacts(subscription) : undefined, now);
}

export function toFacts(row: SubscriptionRow): SubscriptionFacts {
  return {
    status: row.status as SubscriptionStatus,
    pausedAt: row.pausedAt,
    currentPeriodEnd: row.currentPeriodEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    pastDueSince: row.pastDueSince,
  };
}
