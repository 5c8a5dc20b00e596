import { joinWaitlist, unsubscribeWaitlistEntry } from "@academy/db/queries/waitlist";
import { safeReturnPath } from "@academy/platform/return-path";
import { readUnsubscribeToken } from "@academy/platform/waitlist";
import { Hono } from "hono";
import { z } from "zod";
import { answer, formErrorsTo, isFormPost, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { emailField, returnToField } from "../http/fields.ts";

export const WAITLIST_CONSENT = "Email me new articles and tell me when doors open. One click unsubscribes, any time.";

const JOINED_MESSAGE = "You're on the list. Watch your inbox: you'll hear first when doors open.";

const joinSchema = z.object({
  email: emailField,
  firstName: z
    .string()
    .trim()
    .max(80, { error: "Keep your first name under 80 characters." })
    .optional()
    .transform((value) => value || undefined),
  source: z.string().trim().max(120).optional().catch(undefined),
  returnTo: returnToField,
});

/**
 * `POST /api/waitlist`: JSON callers get JSON; a plain HTML form gets a 303 back to the page it came
 * from (or to /join with the message when the input was wrong), so joining works without JavaScript.
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
      const { database, welcomeEmails } = c.get("services");
      const joined = await joinWaitlist(database.db, {
        email: input.email,
        firstName: input.firstName,
        source: input.source,
        consentText: WAITLIST_CONSENT,
      });
      // Her welcome email was recorded with her row; the sender takes it from there.
      if (joined.created) welcomeEmails.wake();
      // The same answer whether or not the address was already listed: it reveals nothing about who is. A form
      // goes back to the page it was on, whose #joined message is revealed by CSS alone.
      return answer(c, {
        json: { joined: true, message: JOINED_MESSAGE },
        redirect: `${safeReturnPath(input.returnTo)}#joined`,
      });
    },
  )
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
