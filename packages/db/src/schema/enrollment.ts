import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgSequence, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
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

/** Numbers in the proven line, in the order people joined it (see enrollOpenings). */
export const enrollProvenNumbers = pgSequence("enroll_proven_numbers");
/** Numbers in the anonymous line, behind every proven one. */
export const enrollAnonymousNumbers = pgSequence("enroll_anonymous_numbers");

/**
 * The line at the doors, shared by every instance: one row per person and window whose checkout is being
 * opened (or was). `waiting` rows wait for a turn at Stripe's pace; an instance claims the next one (proven
 * first, then by number) and holds it as `opening` under a lease it renews while it works. A lease that
 * runs out (its instance died) lets another instance take the opening over, keeping her number. `open`
 * and `failed` rows are done: her next click starts a new opening with a new number.
 */
export const enrollOpenings = pgTable(
  "enroll_openings",
  {
    /** Her account id (usr_…), or `anon:` and her anonymous id. */
    holder: text().notNull(),
    windowId: text()
      .notNull()
      .references(() => enrollmentWindows.id, { onDelete: "cascade" }),
    priority: text({ enum: ["proven", "anonymous"] }).notNull(),
    /** Her number in her priority's line (enrollProvenNumbers or enrollAnonymousNumbers). */
    number: bigint({ mode: "number" }).notNull(),
    state: text({ enum: ["waiting", "opening", "open", "failed"] }).notNull(),
    /** The address an anonymous visitor typed, prefilled on her checkout page (it proves nothing). */
    prefillEmail: text(),
    startedAt: instant().notNull(),
    /** The instance opening it now, and until when its lease holds unless renewed. */
    leaseHolder: text(),
    leaseUntil: instant(),
    finishedAt: instant(),
  },
  (table) => [
    primaryKey({ columns: [table.holder, table.windowId] }),
    index("enroll_openings_under_way")
      .on(table.priority.desc(), table.number)
      .where(sql`${table.state} in ('waiting', 'opening')`),
  ],
);
