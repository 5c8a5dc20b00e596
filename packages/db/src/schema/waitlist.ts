import { sql } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn, instant, timestamps } from "./columns.ts";

/** One row per normalised email address that asked to hear when doors open. */
export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    id: idColumn(),
    email: text().notNull(),
    firstName: text(),
    source: text(),
    consentText: text().notNull(),
    unsubscribedAt: instant(),
    /**
     * When her welcome email should go out; null once it has. Set in the same statement that adds her,
     * so a crash between the join and the email loses neither; a sender that claims it pushes it ahead,
     * so a sender that dies mid-send leaves it to be claimed again.
     */
    welcomeDueAt: instant().defaultNow(),
    ...timestamps,
  },
  (table) => [
    uniqueIndex().on(table.email),
    index().on(table.createdAt),
    index("waitlist_entries_welcome_due_idx").on(table.welcomeDueAt).where(sql`${table.welcomeDueAt} is not null`),
  ],
);
