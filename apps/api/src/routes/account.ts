import { isAdmin, listUserSessions, serializeBlankSessionCookie } from "@academy/auth";
import { deleteAccount } from "@academy/db/queries/account";
import { listWaitlistEntriesByEmail } from "@academy/db/queries/waitlist";
import { confirmEmailChange, EMAIL_TAKEN_MESSAGE, requestEmailChange } from "@academy/platform/account";
import { cancelSubscriptions } from "@academy/platform/billing";
import { Hono } from "hono";
import { z } from "zod";
import { answer, formErrorsTo, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { emailField } from "../http/fields.ts";
import { requireUser } from "../http/session.ts";

const deleteSchema = z.object({
  confirm: z.string({ error: "Type your email address to confirm." }).trim().toLowerCase(),
});

const emailChangeSchema = z.object({ email: emailField });
const emailConfirmSchema = z.object({
  token: z.string({ error: "The confirmation link is incomplete." }).min(1).max(300),
});

/** Why a change link did not apply, for each way it can fail. */
const LINK_REFUSALS = {
  used: { status: 410, code: "link_used", message: "This link was used already. Your account shows your address." },
  expired: {
    status: 410,
    code: "link_expired",
    message: "This link has expired. Ask for the change again from your account.",
  },
  invalid: { status: 400, code: "link_invalid", message: "This link is not valid. Ask for the change again." },
} as const;

/**
 * The signed-in person's own account: who she is, her data as JSON, changing her address (confirmed at the
 * new one) and deleting it all.
 */
export const accountRoutes = new Hono<AppEnv>()
  // Her personal data: no browser or proxy keeps any answer from here, errors and redirects included.
  .use(async (c, next) => {
    await next();
    c.header("cache-control", "no-store");
  })
  .get("/", async (c) => {
    const { user, session } = requireUser(c);
    const { database, adminEmails } = c.get("services");
    const sessions = await listUserSessions(database.db, user.id);
    return c.json({
      user: { id: user.id, email: user.email, createdAt: user.createdAt, admin: isAdmin(user, adminEmails) },
      sessions: sessions.map((item) => ({
        id: item.id,
        current: item.id === session.id,
        userAgent: item.userAgent,
        createdAt: item.createdAt,
        lastActiveAt: item.lastVerifiedAt,
      })),
    });
  })
  .get("/export", async (c) => {
    const { user } = requireUser(c);
    const { database, clock } = c.get("services");
    const [sessions, waitlist] = await Promise.all([
      listUserSessions(database.db, user.id),
      listWaitlistEntriesByEmail(database.db, { email: user.email }),
    ]);
    const data = {
      exportedAt: clock.now().toISOString(),
      account: { id: user.id, email: user.email, createdAt: user.createdAt },
      sessions: sessions.map(({ id, userAgent, createdAt, lastVerifiedAt, expiresAt }) => ({
        id,
        userAgent,
        createdAt,
        lastActiveAt: lastVerifiedAt,
        expiresAt,
      })),
      waitlist: waitlist.map(({ email, firstName, source, consentText, createdAt, unsubscribedAt }) => ({
        email,
        firstName,
        source,
        consentText,
        joinedAt: createdAt,
        unsubscribedAt,
      })),
    };
    c.header("content-disposition", `attachment; filename="strong-stride-data-${user.id}.json"`);
    return c.json(data);
  })
  // She asks to sign in with another address: a link goes there, and nothing changes until it is opened.
  .post(
    "/email",
    formErrorsTo((error) => pagePath("/account#email", { email_error: error.message })),
    async (c) => {
      const { user } = requireUser(c);
      const input = await readBody(c, emailChangeSchema);
      const result = await requestEmailChange(c.get("services"), { user, newEmail: input.email });
      switch (result.status) {
        case "sent":
          return answer(c, {
            json: { sent: true, email: result.newEmail },
            status: 202,
            redirect: pagePath("/account#email", {
              notice: `Check ${result.newEmail}: open the link we sent there to confirm. Until then, nothing changes.`,
            }),
          });
        case "unchanged":
          throw new ApiError(422, "email_unchanged", "That is the address you have already.");
        case "taken":
          throw new ApiError(409, "email_taken", EMAIL_TAKEN_MESSAGE);
        default: {
          const minutes = Math.ceil(result.retryAfterSeconds / 60);
          throw new ApiError(
            429,
            "rate_limited",
            `Too many address changes. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
            { "retry-after": String(result.retryAfterSeconds) },
          );
        }
      }
    },
  )
  // The button on the page the link opens: she need not be signed in (she may open it on another device).
  .post(
    "/email/confirm",
    formErrorsTo((error, fields) => pagePath("/account/email/confirm", { error: error.message, token: fields.token })),
    async (c) => {
      const input = await readBody(c, emailConfirmSchema);
      const result = await confirmEmailChange(c.get("services"), input.token);
      if (result.status === "taken") throw new ApiError(409, "email_taken", EMAIL_TAKEN_MESSAGE);
      if (result.status !== "changed") {
        const { status, code, message } = LINK_REFUSALS[result.status];
        throw new ApiError(status, code, message);
      }
      const notice = `Your email address is now ${result.email}. Sign in with it from now on.`;
      return answer(c, {
        json: { changed: true, email: result.email },
        redirect: c.get("user")
          ? pagePath("/account", { notice })
          : pagePath("/sign-in", { notice, email: result.email }),
      });
    },
  )
  // A form that cannot delete goes back to the account page's delete section, with the reason beside it.
  .post(
    "/delete",
    formErrorsTo((error) => pagePath("/account#delete", { delete_error: error.message })),
    async (c) => {
      const { user } = requireUser(c);
      const input = await readBody(c, deleteSchema);
      if (input.confirm !== user.email) {
        throw new ApiError(
          422,
          "confirmation_mismatch",
          "To delete your account, type your email address exactly as shown.",
        );
      }
      const { database, billing, sessionCookie } = c.get("services");
      // Cancel her membership at Stripe first: deleting the account must never leave a charge running.
      await cancelSubscriptions(database.db, billing.stripe, user.id);
      await deleteAccount(database.db, { userId: user.id, email: user.email });
      c.header("set-cookie", serializeBlankSessionCookie(sessionCookie));
      return answer(c, { json: { deleted: true }, redirect: "/?account_deleted=1" });
    },
  );
