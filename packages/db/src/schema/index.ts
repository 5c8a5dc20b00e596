/**
 * The database schema, one file per domain.
 *
 * @example
 * import { waitlistEntries } from "@academy/db/schema";
 */
export * from "./audience.ts";
export * from "./auth.ts";
export * from "./billing.ts";
export * from "./deliverability.ts";
export * from "./enrollment.ts";
export * from "./launch.ts";
export * from "./mail.ts";
export * from "./system.ts";
export * from "./training.ts";
export * from "./waitlist.ts";
