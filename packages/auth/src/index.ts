/**
 * Passwordless sign-in and sessions in the style of the Lucia guide, on our own tables: tokens are
 * `<id>.<secret>` with a 256-bit secret of which only the SHA-256 is stored, compared in constant time;
 * sessions slide for 30 days of inactivity (renewed at most hourly) up to 90 days in all.
 *
 * @example
 * const { linkToken, code } = await createSignInChallenge(db, { email, now });
 * const result = await verifySignInCode(db, email, code, now);
 * if (result.ok) {
 *   const { token, session } = await createSession(db, { userId: result.user.id, now });
 *   setCookie(serializeSessionCookie(sessionCookieFor(siteUrl), token, sessionCookieExpiry(session), now));
 * }
 */
export * from "./browser.ts";
export * from "./cookies.ts";
export * from "./rate-limit.ts";
export * from "./roles.ts";
export * from "./secrets.ts";
export * from "./sessions.ts";
export * from "./sign-in.ts";
export * from "./signed-links.ts";
