/**
 * The rules of membership, in one place: who is a member, and whose subscription is live. Pure, the
 * clock passed in. The status sets they use are written once, in @academy/db/queries/billing, where
 * the queries that filter by status take them too.
 *
 * active / trialing → member; past_due → member for a grace period, asked to update her card;
 * paused → member until the end of the period she paid for, then not until it resumes;
 * canceled, unpaid, incomplete → not a member (her account stays; she can rejoin next window).
 * A free membership the coach gave makes her a member while it lasts, whatever her subscription says (a paying
 * membership still shows as such).
 */
import { LIVE_STATUSES, type SubscriptionRow, type SubscriptionStatus } from "@academy/db/queries/billing";

export type { SubscriptionStatus };

export interface SubscriptionFacts {
  status: SubscriptionStatus;
  /**
   * Set while collection is paused (Stripe's pause_collection): when her access pauses, which is the end of
   * the period she paid for (see syncSubscription).
   */
  pausedAt: Date | null;
  /** When Stripe resumes collection by itself (pause_collection.resumes_at); null: when she resumes it. */
  resumesAt: Date | null;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  /** When the payment that made it past_due failed, by Stripe's invoice: the grace period counts from here. */
  pastDueSince: Date | null;
}

export type Membership =
  | { member: true; state: "active"; renewsOn: Date; endsOn: null }
  | { member: true; state: "ending"; renewsOn: null; endsOn: Date }
  | { member: true; state: "past-due"; graceEndsOn: Date }
  /** She paused: her paid period runs on until `pausesOn`; access comes back on `resumesOn` (null: when she resumes). */
  | { member: true; state: "pausing"; pausesOn: Date; resumesOn: Date | null }
  | { member: false; state: "paused"; resumesOn: Date | null }
  /** The coach gave her a free membership, until `endsOn` (null: with no end). */
  | { member: true; state: "free"; endsOn: Date | null }
  | { member: false; state: "none" | "lapsed" | "past-due-expired" };

export const PAST_DUE_GRACE_DAYS = 7;

const liveStatuses: ReadonlySet<string> = new Set(LIVE_STATUSES);

/** A free membership that counts at the moment asked about (see findActiveGrant): when it ends, if ever. */
export interface GrantFacts {
  endsAt: Date | null;
}

export function deriveMembership(
  subscription: SubscriptionFacts | undefined,
  now: Date,
  grant?: GrantFacts | undefined,
): Membership {
  const paid = derivePaidMembership(subscription, now);
  if (paid.member || !grant || (grant.endsAt !== null && grant.endsAt <= now)) return paid;
  return { member: true, state: "free", endsOn: grant.endsAt };
}

function derivePaidMembership(subscription: SubscriptionFacts | undefined, now: Date): Membership {
  if (!subscription) return { member: false, state: "none" };
  const { status, pausedAt, resumesAt } = subscription;
  // Stripe resumes collection at resumesAt on its own; a pause that resumes before it starts changes nothing.
  const pauseCounts = pausedAt !== null && (resumesAt === null || (now < resumesAt && pausedAt < resumesAt));
  if (pauseCounts && (status === "paused" || liveStatuses.has(status))) {
    if (now >= pausedAt) return { member: false, state: "paused", resumesOn: resumesAt };
    // Cancelled as well: her paid period is her last, and that is what she is told.
    if (!subscription.cancelAtPeriodEnd) {
      return { member: true, state: "pausing", pausesOn: pausedAt, resumesOn: resumesAt };
    }
  }
  // Stripe's own paused status (a trial that ended without a card): she never paid for this period.
  if (status === "paused") return { member: false, state: "paused", resumesOn: null };
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

/**
 * Whether her current subscription (see findCurrentSubscription) is live: one she must not pay for twice.
 * A subscription whose collection is paused is not.
 */
export function isLive(current: Pick<SubscriptionRow, "status" | "pausedAt"> | null | undefined): boolean {
  return !!current && liveStatuses.has(current.status) && !current.pausedAt;
}
