/**
 * The waitlist's emails and the signed links inside them.
 *
 * @example
 * const welcomes = startWelcomeEmails(services);
 * welcomes.wake(); // a join just committed
 */
export { enrollInviteToken, readEnrollInviteToken, readUnsubscribeToken, unsubscribeToken } from "./links.ts";
export { startWelcomeEmails, type WelcomeEmails } from "./welcome-emails.ts";
