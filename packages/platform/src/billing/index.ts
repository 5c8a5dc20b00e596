/**
 * Memberships and Stripe: who is a member, the checkout that makes her one, and the sync that reads the
 * truth back from Stripe. (The line at the doors belongs to enrollment: see ../enrollment.)
 *
 * @example
 * const membership = await loadMembership(db, user.id, clock.now());
 * if (membership.member) showLesson();
 */

export { cancelSubscriptions } from "./cancel.ts";
export {
  type CheckoutReturn,
  confirmCheckout,
  RETURN_SIGN_IN_MINUTES,
  type ReturningBrowser,
} from "./confirm-checkout.ts";
export {
  deriveMembership,
  isLive,
  type Membership,
  PAST_DUE_GRACE_DAYS,
  type SubscriptionFacts,
  type SubscriptionStatus,
} from "./membership.ts";
export {
  createMembershipPriceReader,
  formatMembershipPrice,
  MEMBERSHIP_PRICE_MAX_AGE_MS,
  type MembershipPrice,
  type MembershipPriceReader,
} from "./membership-price.ts";
export { loadMembership, membershipFrom } from "./membership-store.ts";
export { QueueFullError } from "./rate-limiter.ts";
export { createStripeBilling, type StripeBilling } from "./stripe-billing.ts";
export { syncSubscription } from "./sync.ts";
export {
  HANDLED_EVENTS,
  handleStripeEvent,
  MAX_SIGNATURE_AHEAD_SECONDS,
  verifyStripeEvent,
  type WebhookOutcome,
} from "./webhook.ts";
