import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.ts";

/** Facts about this database itself, such as which one-time seeds have run. */
export const systemFlags = pgTable("system_flags", {
  key: text().primaryKey(),
  value: jsonb().$type<unknown>().notNull(),
  ...timestamps,
});
