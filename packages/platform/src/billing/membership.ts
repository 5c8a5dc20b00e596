/**
 * The rules of membership, in one place: who is a member, and whose subscription is live. Pure, the
 * clock passed in. The status sets they use are written once, in @academy/db/queries/billing, where
 * the queries that filter by status take them too.
 *
 * active / trialing → member; past_due → member for a grace period, asked to update her card;
 * paused, canceled, unpaid, incomplete → not a member (her account stays; she can rejoin next window).
 */
import { LIVE_STATUSES, type SubscriptionRow, type SubscriptionStatus } from "@academy/db/queries/billing";

export type { SubscriptionStatus };

export interface SubscriptionFacts {
  status: SubscriptionStatus;
  /** Stripe's pause_collection: set while collection is paused (the membership is paused). */
  pausedAt: Date | null;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  /** When it became past_due, for the grace period. */
  pastDueSince: Date | null;
}

export type Membership =
  | { member: true; state: "active"; renewsOn: Date; endsOn: null }
  | { member: true; state: "ending"; renewsOn: null; endsOn: Date }
  | { member: true; state: "past-due"; graceEndsOn: Date }
  | { member: false; state: "none" | "paused" | "lapsed" | "past-due-expired" };

export const PAST_DUE_GRACE_DAYS = 7;

export function deriveMembership(subscription: SubscriptionFacts | undefined, now: Date): Membership {
  if (!subscription) return { member: false, state: "none" };
  const { status } = subscription;
  if (status === "paused" || subscription.pausedAt) return { member: false, state: "paused" };
  if (status === "active" || status === "trialing") {
    return subscription.cancelAtPeriodEnd
      ? { member: true, state: "ending", renewsOn: null, endsOn: subscription.currentPeriodEnd }
      : { member: true, state: "active", renewsOn: subscription.currentPeriodEnd, endsOn: null };
  }
  if (status === "past_due") {
    const since = subscription.pastDueSince ?? now;
    const graceEndsOn = new Date(since.getTime() + PAST_DUE_GRACE_DAYS * 86_400_000);
    return now < graceEndsOn
      ? { member: true, state: "past-due", graceEndsOn }
      : { member: false, state: "past-due-expired" };
  }
  return { member: false, state: "lapsed" };
}

const liveStatuses: ReadonlySet<string> = new Set(LIVE_STATUSES);

/**
 * Whether her current subscription (see findCurrentSubscription) is live: one she must not pay for twice.
 * A subscription whose collection is paused is not.
 */
export function isLive(current: Pick<SubscriptionRow, "status" | "pausedAt"> | null | undefined): boolean {
  return !!current && liveStatuses.has(current.status) && !current.pausedAt;
}
