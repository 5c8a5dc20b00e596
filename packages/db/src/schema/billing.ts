import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { instant, timestamps } from "./columns.ts";

/** One Stripe customer per user, created before her first checkout. */
export const billingCustomers = pgTable("billing_customers", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  stripeCustomerId: text().notNull().unique(),
  ...timestamps,
});

/**
 * Our copy of her Stripe subscription, always rewritten from Stripe's current state (never patched
 * from an event's payload), so the order in which webhooks arrive does not matter.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    stripeCustomerId: text().notNull(),
    status: text().notNull(),
    priceId: text(),
    currentPeriodEnd: instant().notNull(),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    /**
     * While collection is paused (Stripe's pause_collection): when her access pauses, the end of the period
     * she paid for (or the start of the first one she did not pay).
     */
    pausedAt: instant(),
    /** When Stripe resumes collection on its own (pause_collection.resumes_at); null: until she resumes. */
    resumesAt: instant(),
    /** When the payment that made it past_due first failed, by Stripe's invoice: the grace period counts from here. */
    pastDueSince: instant(),
    windowId: text(),
    ...timestamps,
  },
  (table) => [index().on(table.userId), index().on(table.stripeCustomerId)],
);

/** Webhook events already handled, so a redelivered event is acknowledged without work. */
export const stripeEvents = pgTable("stripe_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: instant().notNull().defaultNow(),
});

/**
 * The checkout session she was sent to for a window: a double click, a second tab or a retry finds it
 * here and goes to the same page, so she can never be charged twice for one enrollment. Its holder is
 * her account, or, for a visitor who has proven nothing (no session, no personal link), the random id
 * her browser keeps: such a checkout has no account and no Stripe customer until it is paid.
 */
export const checkoutSessions = pgTable(
  "checkout_sessions",
  {
    id: text().primaryKey(),
    userId: text().references(() => users.id, { onDelete: "cascade" }),
    /** The anonymous visitor's random id (from her enroll cookie): never an address she typed. */
    anonymousId: text(),
    windowId: text().notNull(),
    url: text().notNull(),
    expiresAt: instant().notNull(),
    /** When she paid (checkout.session.completed, or her return to the success page): never handed out again. */
    completedAt: instant(),
    /** When Stripe expired it unpaid (checkout.session.expired): never handed out again. */
    expiredAt: instant(),
    createdAt: instant().notNull().defaultNow(),
  },
  (table) => [
    index().on(table.userId, table.windowId),
    index().on(table.anonymousId, table.windowId),
    check("checkout_sessions_one_holder", sql`(${table.userId} is null) <> (${table.anonymousId} is null)`),
  ],
);
