/**
 * The anonymous visitor at the door: no session, no personal link, perhaps an address she typed, which
 * proves nothing. She is known only by a random id her browser keeps (her enroll pass, a signed cookie),
 * so a second click from the same browser finds the same checkout, and typing someone else's address
 * finds nothing of hers. Nothing scarce is spent on her: no account, no Stripe customer, and her clicks
 * are limited per network and wait behind proven visitors at Stripe's pace.
 */
import { generateRandomString, signValue, verifySignedValue } from "@academy/auth";

const PASS_PURPOSE = "enroll-pass";

/** Anonymous clicks that may start a checkout, per network (IPv4 address or IPv6 /64) and minute. */
export const ANONYMOUS_CLICKS_PER_NETWORK = { limit: 6, windowMs: 60_000 } as const;

/**
 * Anonymous checkouts being opened at once, over every instance: about ten seconds of Stripe's pace at 20/s
 * when nobody proven is waiting. Beyond it an anonymous visitor hears that checkout is busy; proven
 * visitors never count against it.
 */
export const MAX_ANONYMOUS_OPENINGS = 200;

/** A day, as long as a checkout session lives: the same browser finds the same checkout all that time. */
export const ENROLL_PASS_MAX_AGE_SECONDS = 24 * 60 * 60;

/** The cookie that keeps her pass: `__Host-` and Secure on https, as the session cookie. */
export function enrollPassCookieName(secure: boolean): string {
  return secure ? "__Host-enroll-pass" : "enroll-pass";
}

/** A new anonymous visitor: her random id and the signed pass her browser keeps. */
export function newEnrollPass(appSecret: string): { anonymousId: string; pass: string } {
  const anonymousId = generateRandomString(20);
  return { anonymousId, pass: signValue(appSecret, PASS_PURPOSE, anonymousId) };
}

/** The anonymous id behind a pass, or undefined when it is not one we signed (forged, cut short, absent). */
export function readEnrollPass(appSecret: string, pass: string | undefined): string | undefined {
  if (!pass || pass.length > 200) return undefined;
  const anonymousId = verifySignedValue(appSecret, PASS_PURPOSE, pass);
  return anonymousId && /^[a-z2-7]{32}$/.test(anonymousId) ? anonymousId : undefined;
}
