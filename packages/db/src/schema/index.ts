/**
 * The database schema, one file per domain.
 *
 * @example
 * import { waitlistEntries } from "@academy/db/schema";
 */
export * from "./system.ts";
export * from "./waitlist.ts";
