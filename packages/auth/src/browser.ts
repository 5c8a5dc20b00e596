/**
 * Two long-lived cookies that let sign-in tell her browser from anyone else's, as OWASP's "device cookie"
 * advice describes. Guessing protections (links per address, wrong codes) must never lock the owner out, so:
 * - the sign-in cookie (`browser`) is a random id set when a browser first asks for a sign-in email; a code is
 *   bound to the browser that asked for it, so wrong codes typed elsewhere never burn hers;
 * - the device cookie (`device`) is signed with APP_SECRET for the address that signed in on this browser;
 *   a browser holding it for an address asks for sign-in emails under its own limit, which strangers cannot
 *   use up.
 *
 * @example
 * const names = browserCookieNames(siteUrl); // { browser: "__Host-browser", device: "__Host-device", secure: true }
 * if (isTrustedDevice(appSecret, getCookie(c, names.device), email)) limitKey = `sign-in:device:${email}`;
 */

import { sessionCookieFor } from "./cookies.ts";
import { generateRandomString } from "./secrets.ts";
import { signValue, verifySignedValue } from "./signed-links.ts";

const DEVICE_PURPOSE = "device";

/** A year: she signs in on the same phone for a long time. */
export const BROWSER_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export interface BrowserCookieNames {
  browser: string;
  device: string;
  secure: boolean;
}

/** `__Host-` names and Secure on https (or any non-local site), as the session cookie has. */
export function browserCookieNames(siteUrl: string): BrowserCookieNames {
  const { secure } = sessionCookieFor(siteUrl);
  return { browser: secure ? "__Host-browser" : "browser", device: secure ? "__Host-device" : "device", secure };
}

export function newBrowserId(): string {
  return generateRandomString(20);
}

/** A well-formed sign-in cookie value, or undefined (anything else is ignored as if absent). */
export function readBrowserId(value: string | undefined): string | undefined {
  return value !== undefined && /^[a-z2-7]{32}$/.test(value) ? value : undefined;
}

/** The device cookie for `email` after it signed in on this browser. */
export function deviceToken(appSecret: string, email: string): string {
  return signValue(appSecret, DEVICE_PURPOSE, `${email} ${generateRandomString(10)}`);
}

/** True when `token` is a genuine device cookie for `email`. */
export function isTrustedDevice(appSecret: string, token: string | undefined, email: string): boolean {
  if (!token) return false;
  const value = verifySignedValue(appSecret, DEVICE_PURPOSE, token);
  return value !== undefined && value.slice(0, value.lastIndexOf(" ")) === email;
}
