import { sql } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn, instant, timestamps } from "./columns.ts";

/**
 * One row per normalised email address that asked to hear when doors open. Anyone can type any address, so
 * an entry counts (priority access, launch emails, the coach's numbers, a greeting by name) only once its
 * owner has confirmed it from her inbox and while she has not unsubscribed: `confirmedAt` set,
 * `unsubscribedAt` null.
 */
export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    id: idColumn(),
    email: text().notNull(),
    firstName: text(),
    source: text(),
    consentText: text().notNull(),
    unsubscribedAt: instant(),
    /** When she last confirmed the address with the link we emailed her; null until she has. */
    confirmedAt: instant(),
    /**
     * When the newest confirmation email was asked for: it dates the link inside (a link from before she
     * unsubscribed cannot undo that) and spaces out resends, so nobody can flood her inbox by joining for her.
     */
    confirmationRequestedAt: instant(),
    /**
     * When her confirmation email should go out; null once it has. Written by the join that asked for it (a
     * transactional outbox, as for the welcome below).
     */
    confirmationDueAt: instant(),
    /**
     * When her welcome email should go out; null once it has, and until she confirms. Set in the same
     * statement that confirms her, so a crash between the confirmation and the email loses neither; a
     * sender that claims it pushes it ahead, so a sender that dies mid-send leaves it to be claimed again.
     */
    welcomeDueAt: instant(),
    ...timestamps,
  },
  (table) => [
    uniqueIndex().on(table.email),
    index().on(table.createdAt),
    index("waitlist_entries_welcome_due_idx").on(table.welcomeDueAt).where(sql`${table.welcomeDueAt} is not null`),
    index("waitlist_entries_confirmation_due_idx")
      .on(table.confirmationDueAt)
      .where(sql`${table.confirmationDueAt} is not null`),
  ],
);
