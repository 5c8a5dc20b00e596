import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { idColumn, instant, timestamps } from "./columns.ts";

/**
 * One enrollment: the waitlist gets in at priorityOpensAt, everyone at publicOpensAt, doors close at
 * closesAt. The phase is never stored: it follows from these instants and the clock. Overlapping live
 * windows are refused by an exclusion constraint (migration 0003), not only by the API.
 */
export const enrollmentWindows = pgTable(
  "enrollment_windows",
  {
    id: idColumn(),
    name: text().notNull(),
    priorityOpensAt: instant().notNull(),
    publicOpensAt: instant().notNull(),
    closesAt: instant().notNull(),
    timeZone: text().notNull(),
    capacity: integer(),
    cancelledAt: instant(),
    ...timestamps,
  },
  (table) => [
    index().on(table.closesAt),
    check(
      "enrollment_windows_order",
      sql`${table.priorityOpensAt} <= ${table.publicOpensAt} and ${table.publicOpensAt} < ${table.closesAt}`,
    ),
    check("enrollment_windows_capacity", sql`${table.capacity} is null or ${table.capacity} > 0`),
  ],
);
