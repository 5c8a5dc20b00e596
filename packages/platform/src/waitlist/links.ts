/**
 * The signed tokens in waitlist emails. Each kind of link is signed for its own purpose (APP_SECRET), so one
 * kind can never be replayed as another.
 *
 * @example
 * const token = unsubscribeToken(appSecret, entry.id);
 * const entryId = readUnsubscribeToken(appSecret, token); // entry.id, or undefined when forged
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
