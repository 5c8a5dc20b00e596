import type { Database } from "@academy/db/client";
import { findCurrentSubscription, type SubscriptionRow } from "@academy/db/queries/billing";
import { findActiveGrant } from "@academy/db/queries/members";
import {
  deriveMembership,
  type GrantFacts,
  type Membership,
  type SubscriptionFacts,
  type SubscriptionStatus,
} from "./membership.ts";

/** Her membership now, from the subscription we last synced from Stripe and any free membership she was given. */
export async function loadMembership(db: Database, userId: string, now: Date): Promise<Membership> {
  const [subscription, grant] = await Promise.all([
    findCurrentSubscription(db, userId),
    findActiveGrant(db, { userId, now }),
  ]);
  return membershipFrom(subscription, now, grant);
}

/**
 * Her membership at `now` from her current subscription row (see findCurrentSubscription) and her free
 * membership that counts at `now` (see findActiveGrant), read already.
 */
export function membershipFrom(
  subscription: SubscriptionRow | undefined,
  now: Date,
  grant?: GrantFacts | undefined,
): Membership {
  return deriveMembership(subscription ? toFacts(subscription) : undefined, now, grant);
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
