/**
 * The waitlist: joining (double opt-in: a join asks for a confirmation email, and only the link inside puts
 * the address on the list), its emails and the signed links inside them.
 *
 * @example
 * await joinWaitlist(services, { email, firstName, source, consentText }); // answer the same, whatever happened
 * const state = await describeConfirmationLink(services, token); // the page: changes nothing
 * const result = await confirmWaitlistJoin(services, { token, firstName }); // the button's POST
 */
export {
  CONFIRMATION_LINK_DAYS,
  type ConfirmationLinkState,
  type ConfirmationResult,
  confirmWaitlistJoin,
  describeConfirmationLink,
  type JoinWaitlistInput,
  joinWaitlist,
} from "./confirmation.ts";
export {
  type ConfirmationLink,
  confirmToken,
  enrollInviteToken,
  readConfirmToken,
  readEnrollInviteToken,
  readUnsubscribeToken,
  unsubscribeToken,
} from "./links.ts";
export { startWelcomeEmails, type WelcomeEmails } from "./welcome-emails.ts";
