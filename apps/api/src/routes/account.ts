import { isAdmin, listUserSessions, serializeBlankSessionCookie } from "@academy/auth";
import { deleteAccount } from "@academy/db/queries/account";
import { listWaitlistEntriesByEmail } from "@academy/db/queries/waitlist";
import { cancelSubscriptions } from "@academy/platform/billing";
import { Hono } from "hono";
import { z } from "zod";
import { answer, formErrorsTo, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { requireUser } from "../http/session.ts";

const deleteSchema = z.object({
  confirm: z.string({ error: "Type your email address to confirm." }).trim().toLowerCase(),
});

/** The signed-in person's own account: who she is, her data as JSON, and deleting it all. */
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
