import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
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
    /**
     * When her welcome email is due (a transactional outbox, as the waitlist's): set once, when the sync first
     * finds this subscription live; pushed on while a sender holds it.
     */
    welcomeDueAt: instant(),
    /** When her welcome email went out: one per membership, never again. */
    welcomeSentAt: instant(),
    /** What she pays per month, in the currency's smallest unit (Stripe's price, yearly prices divided by 12). */
    monthlyAmount: integer(),
    currency: text(),
    /** When Stripe started it (start_date): the coach's "new" count goes by this. */
    startedAt: instant(),
    /** When it ended (Stripe's ended_at): the coach's "churned" count goes by this. */
    endedAt: instant(),
    ...timestamps,
  },
  (table) => [
    index().on(table.userId),
    index().on(table.stripeCustomerId),
    index("subscriptions_welcome_due_idx").on(table.welcomeDueAt).where(sql`${table.welcomeDueAt} is not null`),
  ],
);

/**
 * Our copy of her Stripe invoices, rewritten by every sync: her lifetime value and the coach's member page
 * read it without asking Stripe. `amountRefunded` is ours: what our own refunds took back (Stripe's invoice
 * does not carry it), so a sync never writes over it.
 */
export const billingInvoices = pgTable(
  "billing_invoices",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    subscriptionId: text(),
    status: text().notNull(),
    currency: text().notNull(),
    amountDue: integer().notNull(),
    amountPaid: integer().notNull(),
    amountRefunded: integer().notNull().default(0),
    /** When Stripe created it. */
    issuedAt: instant().notNull(),
    paidAt: instant(),
    /** Stripe's hosted invoice page (the receipt), when it has one. */
    receiptUrl: text(),
    ...timestamps,
  },
  (table) => [index().on(table.userId, table.issuedAt)],
);

/**
 * A membership the coach gave for free: she is a member from `startsAt` until `endsAt` (for good when null)
 * or until the coach revokes it, whatever her subscription says.
 */
export const membershipGrants = pgTable(
  "membership_grants",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    startsAt: instant().notNull(),
    endsAt: instant(),
    revokedAt: instant(),
    /** The coach's email, as she was signed in when she gave it. */
    grantedBy: text().notNull(),
    note: text(),
    ...timestamps,
  },
  (table) => [index().on(table.userId)],
);

/**
 * What the coach did to a member's membership (a free membership, an extension, a refund): who, when and
 * the outcome. `requestKey` comes from the form she submitted, so a double click or a retry finds the first
 * record and does nothing twice.
 */
export const memberActions = pgTable(
  "member_actions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    requestKey: text().notNull(),
    /** The coach's email. */
    actor: text().notNull(),
    /** "pending" while Stripe is asked, then "done" or "failed". */
    status: text().notNull(),
    detail: jsonb().$type<Record<string, string | number | null>>().notNull(),
    ...timestamps,
  },
  (table) => [uniqueIndex().on(table.userId, table.requestKey), index().on(table.userId, table.createdAt)],
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
    /** When her return from this paid checkout signed her in to the account it created: once per checkout. */
    returnSignedInAt: instant(),
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

/**
 * Stripe's pace, shared by every instance: per lane (an endpoint, or `all` for the budget summed over
 * endpoints), the earliest moment the next call may start. A call reserves its turn by moving it on.
 */
export const stripePace = pgTable("stripe_pace", {
  lane: text().primaryKey(),
  nextAt: instant().notNull(),
});
