/**
 * The database schema, one file per domain.
 *
 * @example
 * import { waitlistEntries } from "@academy/db/schema";
 */
export * from "./auth.ts";
export * from "./enrollment.ts";
export * from "./mail.ts";
export * from "./system.ts";
export * from "./waitlist.ts";
