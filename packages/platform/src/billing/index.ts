/**
 * Memberships and Stripe: who is a member, the checkout that makes her one, the line at the doors, and the
 * sync that reads the truth back from Stripe.
 *
 * @example
 * const membership = await loadMembership(db, user.id, clock.now());
 * if (membership.member) showLesson();
 */

export { createStripePacers, openCheckout, openingsUnderWay, type StripePacers } from "./checkout.ts";
export { checkLine, joinLine, type LineState, lineIsFull, lineIsLong, lineTicket } from "./checkout-line.ts";
export { deriveMembership, type Membership, PAST_DUE_GRACE_DAYS, type SubscriptionStatus } from "./membership.ts";
export { loadMembership, membershipFrom } from "./membership-store.ts";
export { QueueFullError } from "./rate-limiter.ts";
export { createStripeBilling, type StripeBilling } from "./stripe-billing.ts";
export { isLive, syncSubscription } from "./sync.ts";
