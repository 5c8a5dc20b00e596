/**
 * The signed tokens in waitlist emails. Each kind of link is signed for its own purpose (APP_SECRET), so one
 * kind can never be replayed as another.
 *
 * @example
 * const token = unsubscribeToken(appSecret, entry.id);
 * const entryId = readUnsubscribeToken(appSecret, token); // entry.id, or undefined when forged
 * const link = readConfirmToken(appSecret, confirmToken(appSecret, { entryId, requestedAt })); // { entryId, requestedAt }
 */
import { signValue, verifySignedValue } from "@academy/auth";

const UNSUBSCRIBE_PURPOSE = "unsubscribe";

export function unsubscribeToken(appSecret: string, entryId: string): string {
  return signValue(appSecret, UNSUBSCRIBE_PURPOSE, entryId);
}

/** The waitlist entry an unsubscribe token was signed for, or undefined when it is not genuine. */
export function readUnsubscribeToken(appSecret: string, token: string): string | undefined {
  return verifySignedValue(appSecret, UNSUBSCRIBE_PURPOSE, token);
}

const ENROLL_PURPOSE = "enroll";

/** Her personal enroll link's token: priority access during the waitlist's window. */
export function enrollInviteToken(appSecret: string, entryId: string): string {
  return signValue(appSecret, ENROLL_PURPOSE, entryId);
}

/** The waitlist entry a personal enroll link was signed for, or undefined when it is not genuine. */
export function readEnrollInviteToken(appSecret: string, token: string): string | undefined {
  return verifySignedValue(appSecret, ENROLL_PURPOSE, token);
}

const CONFIRM_PURPOSE = "waitlist-confirm";

export interface ConfirmationLink {
  entryId: string;
  /** When the join asked for the email this link was in. */
  requestedAt: Date;
}

/** Her confirmation link's token: the entry, and when the confirmation was asked for (it dates the link). */
export function confirmToken(appSecret: string, link: ConfirmationLink): string {
  return signValue(appSecret, CONFIRM_PURPOSE, `${link.entryId}.${link.requestedAt.getTime()}`);
}

/** What a confirmation link was signed for, or undefined when it is not genuine. */
export function readConfirmToken(appSecret: string, token: string): ConfirmationLink | undefined {
  const value = verifySignedValue(appSecret, CONFIRM_PURPOSE, token);
  const match = value ? /^([^.]+)\.(\d{1,15})$/.exec(value) : null;
  if (!match?.[1] || !match[2]) return undefined;
  return { entryId: match[1], requestedAt: new Date(Number(match[2])) };
}
