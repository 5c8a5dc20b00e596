import { isAdmin, listUserSessions, serializeBlankSessionCookie } from "@academy/auth";
import { subscriptions, users, waitlistEntries } from "@academy/db/schema";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { isFormPost, readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { requireUser } from "../http/session.ts";

const deleteSchema = z.object({
  confirm: z.string({ error: "Type your email address to confirm." }).trim().toLowerCase(),
});

/** The signed-in person's own account: who she is, her data as JSON, and deleting it all. */
export const accountRoutes = new Hono<AppEnv>()
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
      database.db.select().from(waitlistEntries).where(eq(waitlistEntries.email, user.email)),
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
    c.header("cache-control", "no-store");
    return c.json(data);
  })
  .post("/delete", async (c) => {
    const { user } = requireUser(c);
    const input = await readBody(c, deleteSchema);
    const { database, sessionCookie } = c.get("services");
    if (input.confirm !== user.email) {
      const message = "To delete your account, type your email address exactly as shown.";
      if (isFormPost(c)) return c.redirect(`/account?delete_error=${encodeURIComponent(message)}#delete`, 303);
      return c.json({ error: { code: "confirmation_mismatch", message, requestId: c.get("requestId") } }, 422);
    }
    // Cancel her membership at Stripe first: deleting the account must never leave a charge running.
    const { billing } = c.get("services");
    const live = await database.db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    for (const subscription of live) {
      if (["active", "trialing", "past_due", "unpaid", "paused"].includes(subscription.status)) {
        await billing.stripe.subscriptions.cancel(subscription.id, {}, { idempotencyKey: `cancel-${subscription.id}` });
      }
    }
    // Sessions, logs and subscriptions go with the user (cascade); the waitlist entry is hers too.
    await database.db.transaction(async (tx) => {
      await tx.delete(waitlistEntries).where(eq(waitlistEntries.email, user.email));
      await tx.delete(users).where(eq(users.id, user.id));
    });
    c.header("set-cookie", serializeBlankSessionCookie(sessionCookie));
    if (isFormPost(c)) return c.redirect("/?account_deleted=1", 303);
    return c.json({ deleted: true });
  });
