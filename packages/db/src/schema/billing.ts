import { boolean, index, pgTable, text } from "drizzle-orm/pg-core";
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
    pausedAt: instant(),
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
 * here and goes to the same page, so she can never be charged twice for one enrollment.
 */
export const checkoutSessions = pgTable(
  "checkout_sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    windowId: text().notNull(),
    url: text().notNull(),
    expiresAt: instant().notNull(),
    createdAt: instant().notNull().defaultNow(),
  },
  (table) => [index().on(table.userId, table.windowId)],
);
