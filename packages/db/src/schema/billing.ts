import { boolean, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.ts";
import { users } from "./auth.ts";

const at = () => timestamp({ withTimezone: true, mode: "date" });

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
    currentPeriodEnd: at().notNull(),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    pausedAt: at(),
    pastDueSince: at(),
    windowId: text(),
    ...timestamps,
  },
  (table) => [index().on(table.userId), index().on(table.stripeCustomerId)],
);

/** Webhook events already handled, so a redelivered event is acknowledged without work. */
export const stripeEvents = pgTable("stripe_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: at().notNull().defaultNow(),
});
