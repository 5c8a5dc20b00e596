import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { idColumn, instant, timestamps } from "./columns.ts";

/**
 * Addresses nothing may be sent to, whatever list they are on: hard bounces, complaints, people who left
 * everything, addresses the coach's old tool had cleaned, and those she removed by hand. One row per
 * normalised address (trimmed, lower-case); the first reason recorded is kept, so a replayed webhook or a
 * second import changes nothing.
 */
export const emailSuppressions = pgTable("email_suppressions", {
  email: text().primaryKey(),
  reason: text().$type<SuppressionReason>().notNull(),
  /** Where the reason came from: "webhook:ses", "import:mailchimp", "unsubscribe page", "admin". */
  source: text().notNull(),
  suppressedAt: instant().notNull(),
  ...timestamps,
});

export type SuppressionReason = "hard_bounce" | "complaint" | "unsubscribed" | "cleaned" | "manual";

/** The lists a person can be on besides being a member: the newsletter and the waitlist (priority access). */
export type AudienceList = "newsletter" | "waitlist";

/**
 * Newsletter subscriptions (the waitlist keeps its own table, `waitlist_entries`, with the same meaning of
 * "listed": confirmed and not unsubscribed). A row counts only once `confirmedAt` is set and while
 * `unsubscribedAt` is null. `consentSource` and `consentAt` are the consent trail: the signup form and the
 * moment she confirmed, or the coach's import ("import:kit") and the day she brought her list.
 */
export const newsletterSubscriptions = pgTable(
  "newsletter_subscriptions",
  {
    email: text().primaryKey(),
    firstName: text(),
    lastName: text(),
    consentSource: text().notNull(),
    consentAt: instant(),
    /** When she asked to join from a signup form; her confirmation of the waitlist email confirms this too. */
    requestedAt: instant(),
    confirmedAt: instant(),
    unsubscribedAt: instant(),
    ...timestamps,
  },
  (table) => [
    index("newsletter_subscriptions_listed_idx")
      .on(table.email)
      .where(sql`${table.confirmedAt} is not null and ${table.unsubscribedAt} is null`),
  ],
);

/**
 * One row per (person, import): the source and date of each import that brought her in, so the coach can
 * show where every address came from.
 */
export const audienceImports = pgTable(
  "audience_imports",
  {
    email: text().notNull(),
    importId: text().notNull(),
    service: text().notNull(),
    fileName: text().notNull(),
    list: text().$type<AudienceList>().notNull(),
    importedAt: instant().notNull(),
  },
  (table) => [primaryKey({ columns: [table.email, table.importId] }), index().on(table.importId)],
);

/**
 * A file the coach uploaded, held between its dry run and her "Import" click, so a form without JavaScript
 * needs no second upload. `importedAt` and `result` are set in the transaction that imports it: a second
 * click, a retry or a second instance finds them and imports nothing twice.
 */
export const audienceImportDrafts = pgTable("audience_import_drafts", {
  id: idColumn(),
  fileName: text().notNull(),
  csv: text().notNull(),
  list: text().$type<AudienceList>().notNull(),
  /** The coach's own column mapping, for a file no known format matches. */
  mapping: jsonb().$type<Record<string, string>>(),
  createdBy: text().notNull(),
  importedAt: instant(),
  result: jsonb().$type<Record<string, unknown>>(),
  ...timestamps,
});
