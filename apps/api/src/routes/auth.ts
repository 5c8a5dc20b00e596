import {
  BROWSER_COOKIE_MAX_AGE_SECONDS,
  browserCookieNames,
  browserHash,
  consumeRateLimit,
  createSession,
  createSignInChallenge,
  deviceToken,
  invalidateSession,
  invalidateUserSession,
  invalidateUserSessions,
  isAdmin,
  isTrustedDevice,
  newBrowserId,
  readBrowserId,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  sessionCookieExpiry,
  type VerifyResult,
  verifySignInCode,
  verifySignInLink,
} from "@academy/auth";
import { signInEmail } from "@academy/platform/emails";
import { safeReturnPath } from "@academy/platform/return-path";
import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { answer, formErrorsTo, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import { clientNetwork } from "../http/client-ip.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { emailField, returnToField } from "../http/fields.ts";
import { requireUser } from "../http/session.ts";

const HOUR = 60 * 60 * 1000;
const LIMITS = {
  linksPerEmail: { limit: 8, windowMs: 12 * HOUR },
  /** From a browser where the address signed in before: a budget strangers cannot spend. */
  linksPerEmailOnHerDevice: { limit: 8, windowMs: HOUR },
  linksPerIp: { limit: 30, windowMs: HOUR },
  codeChecksPerIp: { limit: 30, windowMs: HOUR / 6 },
};

const SENT_MESSAGE = "Check your inbox: we sent a sign-in link and a six-digit code. They work for 10 minutes.";

const signInSchema = z.object({ email: emailField, returnTo: returnToField });
const linkSchema = z.object({ token: z.string({ error: "The sign-in link is incomplete." }).min(1).max(300) });
const codeSchema = z.object({
  email: emailField,
  code: z
    .string({ error: "Enter the six-digit code from the email." })
    .transform((value) => value.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, { error: "The code is six digits, like 123456." })),
});

/** Sign-in by email link or code, sign-out, and the session list's per-session sign-out. */
export const authRoutes = new Hono<AppEnv>()
  .post(
    "/sign-in",
    formErrorsTo((error, fields) => pagePath("/sign-in", { error: error.message, email: fields.email })),
    async (c) => {
      const input = await readBody(c, signInSchema);
      const { database, clock, mailer, siteUrl, emails } = c.get("services");
      const now = clock.now();
      await enforce(c, `sign-in:ip:${clientNetwork(c)}`, LIMITS.linksPerIp, now);
      // Anyone may ask for emails to her address until its limit, but never from the browser she signs in on.
      if (isTrustedDevice(c.get("services").appSecret, getCookie(c, cookieNames(c).device), input.email)) {
        await enforce(c, `sign-in:device:${input.email}`, LIMITS.linksPerEmailOnHerDevice, now);
      } else {
        await enforce(c, `sign-in:email:${input.email}`, LIMITS.linksPerEmail, now);
      }
      // Known and unknown addresses take the same path (an account is made at the first sign-in), so the
      // answer and its timing say nothing about who has an account.
      const returnTo = input.returnTo ? safeReturnPath(input.returnTo) : undefined;
      const requesterHash = browserHash(ensureBrowserId(c));
      const challenge = await createSignInChallenge(database.db, { email: input.email, now, returnTo, requesterHash });
      const link = `${siteUrl}/sign-in/confirm?token=${encodeURIComponent(challenge.linkToken)}`;
      await mailer.send(signInEmail(emails, { to: input.email, link, code: challenge.code }));
      return answer(c, {
        json: { sent: true, message: SENT_MESSAGE },
        redirect: pagePath("/sign-in/check-email", { email: input.email }),
      });
    },
  )
  .post("/verify-link", formErrorsTo("/sign-in"), async (c) => {
    const input = await readBody(c, linkSchema);
    const { database, clock } = c.get("services");
    return finishSignIn(c, await verifySignInLink(database.db, input.token, clock.now()));
  })
  .post(
    "/verify-code",
    formErrorsTo((error, fields) => pagePath("/sign-in/check-email", { error: error.message, email: fields.email })),
    async (c) => {
      const input = await readBody(c, codeSchema);
      const { database, clock } = c.get("services");
      const now = clock.now();
      await enforce(c, `code:ip:${clientNetwork(c)}`, LIMITS.codeChecksPerIp, now);
      const browser = readBrowserId(getCookie(c, cookieNames(c).browser));
      const result = await verifySignInCode(database.db, { ...input, now, browser });
      // Only the browser that asked for the code hears how it went: anywhere else, "no code pending" and
      // "wrong code" read the same, so a stranger learns nothing about her sign-ins.
      return finishSignIn(c, result.ok || result.fromRequester ? result : { ok: false, reason: "not-here" });
    },
  )
  .post("/sign-out", async (c) => {
    const { database, sessionCookie } = c.get("services");
    const session = c.get("session");
    if (session) await invalidateSession(database.db, session.id);
    c.header("set-cookie", serializeBlankSessionCookie(sessionCookie));
    return answer(c, { json: { signedOut: true }, redirect: "/" });
  })
  .post("/sign-out-everywhere", async (c) => {
    const { user } = requireUser(c);
    const { database, sessionCookie } = c.get("services");
    const ended = await invalidateUserSessions(database.db, user.id);
    c.header("set-cookie", serializeBlankSessionCookie(sessionCookie));
    return answer(c, {
      json: { signedOut: true, sessionsEnded: ended },
      redirect: pagePath("/sign-in", { notice: "You are signed out on every device." }),
    });
  })
  .post("/sessions/:id/sign-out", async (c) => {
    const { user, session } = requireUser(c);
    const { database, sessionCookie } = c.get("services");
    const id = c.req.param("id");
    const ended = await invalidateUserSession(database.db, user.id, id);
    if (!ended) throw new ApiError(404, "session_not_found", "That session has already ended.");
    if (id === session.id) c.header("set-cookie", serializeBlankSessionCookie(sessionCookie));
    return answer(c, { json: { signedOut: true }, redirect: id === session.id ? "/" : "/account#sessions" });
  });

type SignInFailure = Exclude<VerifyResult, { ok: true }>["reason"] | "not-here";

const FAILURE_MESSAGES: Record<SignInFailure, string> = {
  invalid: "That sign-in link is not valid. Ask for a new one below.",
  expired: "That sign-in link or code has expired or was already used. Ask for a new one below.",
  "wrong-code": "That code is not right. Check the email and try again.",
  burned: "Too many wrong codes: this code no longer works. Ask for a new one below.",
  "not-here": "That code is not right, or it no longer works. Check the newest email, or ask for a new one below.",
};

async function finishSignIn(c: Context<AppEnv>, result: VerifyResult | { ok: false; reason: "not-here" }) {
  const { database, clock, sessionCookie, appSecret } = c.get("services");
  if (!result.ok) {
    let message = FAILURE_MESSAGES[result.reason];
    if (result.reason === "wrong-code" && result.attemptsLeft !== undefined) {
      message = `That code is not right. Check the email and try again (${result.attemptsLeft} ${result.attemptsLeft === 1 ? "try" : "tries"} left).`;
    }
    const wrong = result.reason === "wrong-code" || result.reason === "not-here";
    throw new ApiError(wrong ? 400 : 410, wrong ? "sign_in_wrong_code" : `sign_in_${result.reason}`, message);
  }
  const now = clock.now();
  const { session, token } = await createSession(database.db, {
    userId: result.user.id,
    now,
    userAgent: c.req.header("user-agent"),
  });
  c.header("set-cookie", serializeSessionCookie(sessionCookie, token, sessionCookieExpiry(session), now), {
    append: true,
  });
  // This browser is now hers: sign-in emails asked for here get their own limit.
  setLongCookie(c, cookieNames(c).device, deviceToken(appSecret, result.user.email));
  // With nowhere asked for, the coach lands on her dashboard and anyone else on her account.
  const home = isAdmin(result.user, c.get("services").adminEmails) ? "/admin" : "/account";
  const destination = safeReturnPath(result.returnTo ?? home);
  return answer(c, {
    json: { signedIn: true, user: { id: result.user.id, email: result.user.email }, returnTo: destination },
    redirect: destination,
  });
}

/** Counts a hit; over the limit, the caller gets 429 with Retry-After (a form goes back with the message). */
async function enforce(c: Context<AppEnv>, key: string, rule: { limit: number; windowMs: number }, now: Date) {
  const result = await consumeRateLimit(c.get("services").database.db, { key, ...rule }, now);
  if (result.allowed) return;
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  const message = `Too many attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`;
  throw new ApiError(429, "rate_limited", message, { "retry-after": String(result.retryAfterSeconds) });
}

function cookieNames(c: Context<AppEnv>) {
  return browserCookieNames(c.get("services").siteUrl);
}

/** This browser's sign-in cookie, set now when it has none. */
function ensureBrowserId(c: Context<AppEnv>): string {
  const existing = readBrowserId(getCookie(c, cookieNames(c).browser));
  if (existing) return existing;
  const id = newBrowserId();
  setLongCookie(c, cookieNames(c).browser, id);
  return id;
}

function setLongCookie(c: Context<AppEnv>, name: string, value: string) {
  setCookie(c, name, value, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: cookieNames(c).secure,
    maxAge: BROWSER_COOKIE_MAX_AGE_SECONDS,
  });
}
