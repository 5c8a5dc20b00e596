import type { Database } from "@academy/db/client";
import { findCurrentSubscription, type SubscriptionRow } from "@academy/db/queries/billing";
import { deriveMembership, type Membership, type SubscriptionFacts, type SubscriptionStatus } from "./membership.ts";

/** Her membership now, from the subscription we last synced from Stripe. */
export async function loadMembership(db: Database, userId: string, now: Date): Promise<Membership> {
  return membershipFrom(await findCurrentSubscription(db, userId), now);
}

/** Her membership at `now` from her current subscription row (see findCurrentSubscription), read already. */
export function membershipFrom(subscription: SubscriptionRow | undefined, now: Date): Membership {
  return deriveMembership(subscription ? toFacts(subscription) : undefined, now);
}

function toFacts(row: SubscriptionRow): SubscriptionFacts {
  return {
    status: row.status as SubscriptionStatus,
    pausedAt: row.pausedAt,
    resumesAt: row.resumesAt,
    currentPeriodEnd: row.currentPeriodEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    pastDueSince: row.pastDueSince,
  };
}
