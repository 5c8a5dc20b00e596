/**
 * Membership and Stripe sync, for the pages that render on the server.
 *
 * @example
 * const membership = await loadMembership(db, user.id, clock.now());
 * if (membership.member) showLesson();
 */
export { type Membership, PAST_DUE_GRACE_DAYS } from "./membership.ts";
export { loadMembership } from "./membership-store.ts";
export { syncSubscription } from "./sync.ts";
