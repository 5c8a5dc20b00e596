import { integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, timestamps } from "./columns.ts";

/**
 * Bounces and complaints per address, as the providers' webhooks report them. Hard bounces and complaints
 * also put the address on the suppression list (`email_suppressions`); soft bounces are only counted here.
 */
export const emailBounceCounts = pgTable("email_bounce_counts", {
  email: text().primaryKey(),
  softBounces: integer().notNull().default(0),
  hardBounces: integer().notNull().default(0),
  complaints: integer().notNull().default(0),
  lastEventAt: instant().notNull(),
  ...timestamps,
});

/** Webhook deliveries already applied, by the provider's own id: a provider's retry changes nothing twice. */
export const emailWebhookReceipts = pgTable(
  "email_webhook_receipts",
  {
    provider: text().notNull(),
    eventId: text().notNull(),
    receivedAt: instant().notNull(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.eventId] })],
);
