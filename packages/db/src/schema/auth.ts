import { relations } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn, instant, timestamps } from "./columns.ts";

/** A person who has signed in at least once. Membership comes from her subscription, admin from ADMIN_EMAILS. */
export const users = pgTable(
  "users",
  {
    id: idColumn(),
    email: text().notNull(),
    /**
     * The Stripe customer of the paid checkout that created this account (she paid before she had one): her
     * return from that checkout may sign her in. Null for an account made any other way, so paying with an
     * address that has an account never signs anyone into it.
     */
    createdByCheckoutCustomer: text(),
    ...timestamps,
  },
  (table) => [uniqueIndex().on(table.email)],
);

/**
 * A change of sign-in address she asked for: it applies only when the link emailed to the new address is
 * opened (and its button pressed), once, before `expiresAt`. The link holds `<id>.<secret>`; only the
 * SHA-256 of the secret is stored, as for sessions.
 */
export const emailChangeRequests = pgTable(
  "email_change_requests",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    newEmail: text().notNull(),
    secretHash: text().notNull(),
    expiresAt: instant().notNull(),
    /** When the link was used: never again. */
    confirmedAt: instant(),
    createdAt: instant().notNull(),
  },
  (table) => [index().on(table.userId)],
);

/**
 * A signed-in browser. The cookie holds `<id>.<secret>`; only the SHA-256 of the secret is stored, so a
 * copy of this table signs nobody in.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: text().notNull(),
    /** Renewed (at most hourly) while she uses the site; the session ends 30 days after this. */
    lastVerifiedAt: instant().notNull(),
    /** The absolute end, however active she is. */
    expiresAt: instant().notNull(),
    userAgent: text(),
    createdAt: instant().notNull(),
  },
  (table) => [index().on(table.userId)],
);

/** One emailed sign-in: a magic link and a six-digit code, both single use, both stored hashed. */
export const signInChallenges = pgTable(
  "sign_in_challenges",
  {
    id: text().primaryKey(),
    email: text().notNull(),
    secretHash: text().notNull(),
    codeHash: text().notNull(),
    /** SHA-256 of the sign-in cookie of the browser that asked for it: codes typed there are hers. */
    requesterHash: text(),
    /** Wrong codes typed in the browser that asked for it: five burn the code. */
    failedAttempts: integer().notNull().default(0),
    /** Wrong codes typed anywhere else: five close the code to other browsers, never to hers. */
    foreignFailedAttempts: integer().notNull().default(0),
    expiresAt: instant().notNull(),
    consumedAt: instant(),
    returnTo: text(),
    createdAt: instant().notNull(),
  },
  (table) => [index().on(table.email, table.createdAt)],
);

/** Fixed-window counters, in the database so limits hold across restarts and API instances. */
export const rateLimitWindows = pgTable(
  "rate_limit_windows",
  {
    key: text().notNull(),
    windowStart: instant().notNull(),
    hits: integer().notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.windowStart] })],
);

export const usersRelations = relations(users, ({ many }) => ({ sessions: many(sessions) }));
export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));
