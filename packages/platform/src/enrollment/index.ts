/**
 * Enrollment: who is at the door, and what she may do there.
 *
 * @example
 * const { onWaitlist } = await identifyEnrollVisitor(db, appSecret, invite, user);
 */
export { type EnrollVisitor, identifyEnrollVisitor } from "./visitor.ts";
