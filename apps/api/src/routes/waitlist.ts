import { joinWaitlist } from "@academy/db/queries/waitlist";
import { Hono } from "hono";
import { z } from "zod";
import { isFormPost, readBody, ValidationError } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { emailField, returnToField } from "../http/fields.ts";
import { safeReturnPath } from "../http/redirect.ts";

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
export const waitlistRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const form = isFormPost(c);
  let input: z.infer<typeof joinSchema>;
  try {
    input = await readBody(c, joinSchema);
  } catch (error) {
    if (form && error instanceof ValidationError) {
      // Static pages cannot show a message, so a mistake goes to /join, which shows it by the field.
      const raw = await c.req.parseBody();
      const page = new URLSearchParams({ error: error.message, returnTo: safeReturnPath(raw.returnTo) });
      if (typeof raw.email === "string") page.set("email", raw.email.slice(0, 254));
      return c.redirect(`/join?${page}#join`, 303);
    }
    throw error;
  }
  const { database } = c.get("services");
  await joinWaitlist(database.db, {
    email: input.email,
    firstName: input.firstName,
    source: input.source,
    consentText: WAITLIST_CONSENT,
  });
  // Back to the page the form was on; its #joined message is revealed by CSS alone.
  if (form) return c.redirect(`${safeReturnPath(input.returnTo)}#joined`, 303);
  // The same answer whether or not the address was already listed: it reveals nothing about who is.
  return c.json({ joined: true, message: JOINED_MESSAGE }, 200);
});
