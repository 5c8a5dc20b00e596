/**
 * Her new secret calendar link, shown once on the dashboard without ever being in a page address (where browser
 * history, synced tabs and server logs would keep it). The API hands it to the next page in a short-lived,
 * signed, HTTP-only cookie scoped to the dashboard; the dashboard reads it once and deletes it.
 *
 * @example
 * setCookie(c, CALENDAR_LINK_COOKIE, sealCalendarLink(appSecret, url, clock.now()), calendarLinkCookieOptions(secure));
 * const url = openCalendarLink(appSecret, Astro.cookies.get(CALENDAR_LINK_COOKIE)?.value, { siteUrl, now });
 */
import { signValue, verifySignedValue } from "@academy/auth";

export const CALENDAR_LINK_COOKIE = "calendar_link";

/** The one page that shows it. */
export const CALENDAR_LINK_PATH = "/dashboard";

/** Long enough for the redirect to the dashboard on a slow phone, short enough that a stale cookie is no secret. */
export const CALENDAR_LINK_MAX_AGE_SECONDS = 120;

const PURPOSE = "calendar-link";

/** Only her dashboard receives the cookie; JavaScript never sees it. */
export function calendarLinkCookieOptions(secure: boolean) {
  return {
    path: CALENDAR_LINK_PATH,
    httpOnly: true,
    sameSite: "Lax",
    secure,
    maxAge: CALENDAR_LINK_MAX_AGE_SECONDS,
  } as const;
}

/** The cookie value for her new feed URL: signed, with the moment it stops being shown. */
export function sealCalendarLink(appSecret: string, url: string, now: Date): string {
  const expiresAt = now.getTime() + CALENDAR_LINK_MAX_AGE_SECONDS * 1000;
  return signValue(appSecret, PURPOSE, `${expiresAt}~${url}`);
}

/**
 * Her feed URL from the cookie, when this server signed it, it has not expired, and it is this site's own feed:
 * the page never shows a link someone else managed to put there.
 */
export function openCalendarLink(
  appSecret: string,
  sealed: string | undefined,
  { siteUrl, now }: { siteUrl: string; now: Date },
): string | undefined {
  if (!sealed) return undefined;
  const value = verifySignedValue(appSecret, PURPOSE, sealed);
  const separator = value?.indexOf("~") ?? -1;
  if (value === undefined || separator <= 0) return undefined;
  if (Number(value.slice(0, separator)) <= now.getTime()) return undefined;
  const url = value.slice(separator + 1);
  const feed = `${siteUrl.replace(/\/$/, "")}/api/calendar/`;
  return url.startsWith(feed) && /^[a-z2-7]{20,80}\.ics$/.test(url.slice(feed.length)) ? url : undefined;
}
