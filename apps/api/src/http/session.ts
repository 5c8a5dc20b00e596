import {
  isAdmin,
  readSessionToken,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  sessionCookieExpiry,
  validateSessionToken,
} from "@academy/auth";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context.ts";
import { ApiError } from "./errors.ts";

/** Reads the session cookie into `c.var.user` / `c.var.session`, renewing or clearing the cookie. */
export const sessionMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const { database, clock, sessionCookie } = c.get("services");
  const token = readSessionToken(sessionCookie, c.req.header("cookie"));
  c.set("user", undefined);
  c.set("session", undefined);
  if (token) {
    const now = clock.now();
    const valid = await validateSessionToken(database.db, token, now);
    if (valid) {
      c.set("user", valid.user);
      c.set("session", valid.session);
      if (valid.renewed) {
        c.header("set-cookie", serializeSessionCookie(sessionCookie, token, sessionCookieExpiry(valid.session), now), {
          append: true,
        });
      }
    } else {
      c.header("set-cookie", serializeBlankSessionCookie(sessionCookie), { append: true });
    }
  }
  await next();
});

/** The signed-in user, or a 401 that says what to do. */
export function requireUser(c: Context<AppEnv>) {
  const user = c.get("user");
  const session = c.get("session");
  if (!user || !session) throw new ApiError(401, "sign_in_required", "Sign in to do this: open /sign-in.");
  return { user, session };
}

/** The signed-in coach, or 401/403. */
export function requireAdmin(c: Context<AppEnv>) {
  const signedIn = requireUser(c);
  if (!isAdmin(signedIn.user, c.get("services").adminEmails)) {
    throw new ApiError(403, "admin_only", "Only the coach's account can do this.");
  }
  return signedIn;
}
