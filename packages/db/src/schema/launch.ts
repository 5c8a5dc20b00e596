import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.ts";
import { enrollmentWindows } from "./enrollment.ts";

/**
 * The launch emails the coach scheduled for a window: doors open (waitlist), public opening, closing
 * reminder. Who receives one is decided when it goes out, so people who join late are included.
 */
export const launchEmails = pgTable(
  "launch_emails",
  {
    windowId: text()
      .notNull()
      .references(() => enrollmentWindows.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    sendAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    status: text().notNull(),
    /** The pg-boss job that prepares the campaign at sendAt. */
    jobId: text(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.windowId, table.kind] })],
);

/** A waitlist member who opened her personal enroll link for a window: the "clicked" step of the funnel. */
export const enrollLinkClicks = pgTable(
  "enroll_link_clicks",
  {
    windowId: text()
      .notNull()
      .references(() => enrollmentWindows.id, { onDelete: "cascade" }),
    waitlistEntryId: text().notNull(),
    firstClickedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.windowId, table.waitlistEntryId] })],
);
