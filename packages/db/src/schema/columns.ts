import { text, timestamp } from "drizzle-orm/pg-core";

/** A moment in time, with its time zone, read as a Date. */
export function instant() {
  return timestamp({ withTimezone: true, mode: "date" });
}

/** createdAt / updatedAt, the same on every table. */
export const timestamps = {
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

/** A prefixed text primary key (see `newId`). */
export function idColumn() {
  return text().primaryKey();
}
