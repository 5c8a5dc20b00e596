import { consumeRateLimit, type RateLimitRule } from "@academy/auth";
import { unsubscribeWaitlistEntry } from "@academy/db/queries/waitlist";
import { safeReturnPath } from "@academy/platform/return-path";
import {
  type ConfirmationResult,
  confirmWaitlistJoin,
  joinWaitlist,
  readUnsubscribeToken,
} from "@academy/platform/waitlist";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { answer, formErrorsTo, isFormPost, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import { clientNetwork } from "../http/client-ip.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { emailField, returnToField } from "../http/fields.ts";

export const WAITLIST_CONSENT = "Email me new articles and tell me when doors open. One click unsubscribes, any time.";

/** The same words whatever the address's state (new, waiting, listed): the answer reveals nobody. */
const JOINED_MESSAGE = "Check your inbox to confirm: click the link in the email we sent, and you're on the list.";

const MINUTE = 60_000;
const LIMITS = {
  /** Enough for a room of people behind one address (a gym, a workshop), not for a script. */
  joinsPerNetwork: { limit: 20, windowMs: 10 * MINUTE },
  /**
   * Joins of one address from anywhere, whatever its state: with the row's own spacing (one confirmation per
   * CONFIRMATION_RESEND_MINUTES), at most this many confirmation emails reach her in a day.
   */
  joinsPerAddress: { limit: 5, windowMs: 24 * 60 * MINUTE },
};

const firstNameField = z.string().trim().max(80, { error: "Keep your first name under 80 characters." });

const joinSchema = z.object({
  email: emailField,
  firstName: firstNameField.optional().transform((value) => value || undefined),
  source: z.string().trim().max(120).optional().catch(undefined),
  returnTo: returnToField,
});

const confirmSchema = z.object({
  token: z.string({ error: "The confirmation link is incomplete." }).min(1).max(300),
  // Left out, the name given at the join stays; empty, she has none.
  firstName: firstNameField.optional(),
});

const CONFIRM_REFUSALS: Record<Exclude<ConfirmationResult["status"], "confirmed" | "listed">, () => ApiError> = {
  invalid: () =>
    new ApiError(
      400,
      "invalid_confirmation_link",
      "This confirmation link is not valid. Open the whole link from the email, or join again for a new one.",
    ),
  expired: () =>
    new ApiError(
      410,
      "confirmation_link_expired",
      "This confirmation link has expired. Join again and we'll email you a new one.",
    ),
  stale: () =>
    new ApiError(
      410,
      "confirmation_link_stale",
      "You unsubscribed after this link was sent, so it no longer works. Join again and we'll email you a new one.",
    ),
};

/**
 * `POST /api/waitlist`: asks to join (double opt-in: the address goes on the list only from the link in the
 * email this sends). JSON callers get JSON; a plain HTML form gets a 303 back to the page it came from (or to
 * /join with the message when the input was wrong or too many joins came), so joining works without JavaScript.
 * `POST /api/waitlist/confirm`: the button on the page the emailed link opens.
 */
export const waitlistRoutes = new Hono<AppEnv>()
  .post(
    "/",
    // Static pages cannot show a message, so a mistake goes to /join, which shows it by the field.
    formErrorsTo(
      (error, fields) =>
        `${pagePath("/join", { error: error.message, returnTo: safeReturnPath(fields.returnTo), email: fields.email?.slice(0, 254) })}#join`,
    ),
    async (c) => {
      const input = await readBody(c, joinSchema);
      const services = c.get("services");
      const now = services.clock.now();
      await enforce(c, `waitlist:ip:${clientNetwork(c)}`, LIMITS.joinsPerNetwork, now, (wait) => {
        return `Too many sign-ups from your network just now. Please wait ${wait} and try again.`;
      });
      await enforce(c, `waitlist:email:${input.email}`, LIMITS.joinsPerAddress, now, (wait) => {
        return `This address was entered too often today. If it is yours, look for our email in your inbox (and spam folder), or try again in ${wait}.`;
      });
      await joinWaitlist(services, {
        email: input.email,
        firstName: input.firstName,
        source: input.source,
        consentText: WAITLIST_CONSENT,
      });
      // The same answer whether the address was new, waiting or listed: it reveals nothing about who is. A form
      // goes back to the page it was on, whose #joined message is revealed by CSS alone.
      return answer(c, {
        json: { joined: true, message: JOINED_MESSAGE },
        redirect: `${safeReturnPath(input.returnTo)}#joined`,
      });
    },
  )
  .post(
    "/confirm",
    formErrorsTo((error, fields) =>
      pagePath("/waitlist/confirm", { token: fields.token?.slice(0, 300), error: error.message }),
    ),
    async (c) => {
      const input = await readBody(c, confirmSchema);
      const result = await confirmWaitlistJoin(c.get("services"), input);
      if (result.status !== "confirmed" && result.status !== "listed") throw CONFIRM_REFUSALS[result.status]();
      return answer(c, {
        json: { confirmed: true, email: result.email },
        redirect: "/waitlist/confirm?done=1",
      });
    },
  )
  .get("/unsubscribe", (c) => {
    // The List-Unsubscribe URL opened in a browser (or fetched by a link scanner): a GET changes nothing and
    // shows the confirmation page, whose button POSTs here.
    const token = c.req.query("token") ?? "";
    return c.redirect(pagePath("/unsubscribe", { token: token.slice(0, 300) }), 303);
  })
  .post("/unsubscribe", async (c) => {
    // One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to the URL in the
    // header, from no page at all; the signed token is the authority, so this route skips the CSRF check.
    const body = isFormPost(c) ? await c.req.parseBody() : {};
    const token = c.req.query("token") ?? (typeof body.token === "string" ? body.token : "");
    const { database, clock, appSecret } = c.get("services");
    const entryId = readUnsubscribeToken(appSecret, token);
    const entry = entryId ? await unsubscribeWaitlistEntry(database.db, entryId, clock.now()) : undefined;
    if (!entry) {
      throw new ApiError(
        400,
        "invalid_unsubscribe_link",
        "This unsubscribe link is not valid. Reply to any of our emails and we will remove you by hand.",
      );
    }
    // A mail client's one-click POST wants no page; a person's form post goes on to the confirmation page.
    if (body["List-Unsubscribe"] === "One-Click") return c.json({ unsubscribed: true, email: entry.email });
    return answer(c, { json: { unsubscribed: true, email: entry.email }, redirect: "/unsubscribe?done=1" });
  });

/** Counts a join; over the limit, the caller gets 429 with Retry-After (a form goes back to /join with the message). */
async function enforce(
  c: Context<AppEnv>,
  key: string,
  rule: Omit<RateLimitRule, "key">,
  now: Date,
  message: (wait: string) => string,
) {
  const result = await consumeRateLimit(c.get("services").database.db, { key, ...rule }, now);
  if (result.allowed) return;
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  const hours = Math.ceil(minutes / 60);
  const wait =
    minutes <= 90 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${hours} hour${hours === 1 ? "" : "s"}`;
  throw new ApiError(429, "rate_limited", message(wait), { "retry-after": String(result.retryAfterSeconds) });
}
