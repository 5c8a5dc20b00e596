import { defineMiddleware } from "astro:middleware";
import { isAdmin, sessionCookieExpiry, validateSessionToken } from "@academy/auth";
import { hasUnreadableText, unreadableTextMessage } from "@academy/platform/text";

/**
 * Fills `locals.user` / `locals.session` from the session cookie on pages rendered on demand, renewing
 * the cookie when the session slid forward and clearing it when the session is gone. A page rendered for a
 * request without the session cookie may be kept for other signed-out visitors, if the page says a shared
 * cache may keep it (see server/page-cache.ts).
 */
export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.routePattern = context.routePattern;
  if (context.isPrerendered) return next();
  for (const [key, value] of context.url.searchParams) {
    if (hasUnreadableText(key) || hasUnreadableText(value)) {
      return new Response(unreadableTextMessage(key), {
        status: 400,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      });
    }
  }
  const { database, clock, sessionCookie, adminEmails } = context.locals.platform.services;
  const token = context.cookies.get(sessionCookie.name)?.value;
  if (token) {
    const now = clock.now();
    const valid = await validateSessionToken(database.db, token, now);
    const options = { path: "/", httpOnly: true, sameSite: "lax" as const, secure: sessionCookie.secure };
    if (valid) {
      context.locals.user = valid.user;
      context.locals.session = valid.session;
      context.locals.isAdmin = isAdmin(valid.user, adminEmails);
      if (valid.renewed)
        context.cookies.set(sessionCookie.name, token, { ...options, expires: sessionCookieExpiry(valid.session) });
    } else {
      context.cookies.delete(sessionCookie.name, options);
    }
  }
  const response = await next();
  // Pages that know who is signed in (or answer a session cookie at all) must never be cached by a shared cache.
  if (context.locals.user || token !== undefined) {
    response.headers.set("cache-control", "private, no-store");
    return response;
  }
  const { publicPages } = context.locals;
  if (publicPages === undefined || context.request.method !== "GET" || [...context.cookies.headers()].length > 0)
    return response;
  return publicPages.keep(`${context.url.pathname}${context.url.search}`, response);
});
