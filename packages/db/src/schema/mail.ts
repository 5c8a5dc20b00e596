import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn } from "./columns.ts";

/**
 * Messages the platform sent while no SMTP server is configured. The development mailbox (/dev/mail)
 * reads them; in production SMTP_URL is set and nothing lands here.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: idColumn(),
    from: text().notNull(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Set for campaign messages: a resend after a crash carries the same id and is kept once. */
    messageId: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index().on(table.to), index().on(table.createdAt), uniqueIndex().on(table.messageId)],
);
