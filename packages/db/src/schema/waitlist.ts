import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn, timestamps } from "./columns.ts";

/** One row per normalised email address that asked to hear when doors open. */
export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    id: idColumn(),
    email: text().notNull(),
    firstName: text(),
    source: text(),
    consentText: text().notNull(),
    unsubscribedAt: timestamp({ withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (table) => [uniqueIndex().on(table.email), index().on(table.createdAt)],
);
