/**
 * The suppression list: addresses nothing is sent to, whatever list they are on. Bounce and complaint
 * webhooks, the unsubscribe page ("leave everything"), imports (unsubscribed and cleaned rows) and the coach
 * all write here; every sender asks `findUnsendable` (../deliverability/send-policy.ts) before sending.
 *
 * @example
 * await suppressAddress(db, { email: "Ruth@Example.com", reason: "hard_bounce", source: "webhook:ses", at: now });
 * await isSuppressed(db, "ruth@example.com"); // true
 */
import type { Database } from "@academy/db/client";
import { insertSuppressions, selectSuppressionReasons } from "@academy/db/queries/suppressions";
import type { SuppressionReason } from "@academy/db/schema";
import { normalizeEmail } from "./email.ts";

export type { SuppressionReason };

export const SUPPRESSION_REASONS = [
  "hard_bounce",
  "complaint",
  "unsubscribed",
  "cleaned",
  "manual",
] as const satisfies readonly SuppressionReason[];

export interface SuppressAddressInput {
  email: string;
  reason: SuppressionReason;
  /** Where it came from, for the coach and the logs: "webhook:ses", "import:mailchimp", "unsubscribe page". */
  source: string;
  at: Date;
}

/**
 * Puts an address on the suppression list. Idempotent: an address already there keeps its first reason and
 * date. Resolves to true when this call added it.
 */
export async function suppressAddress(db: Database, input: SuppressAddressInput): Promise<boolean> {
  const email = normalizeEmail(input.email);
  const added = await insertSuppressions(db, [{ ...input, email }]);
  return added.has(email);
}

export async function isSuppressed(db: Database, email: string): Promise<boolean> {
  return (await suppressedAmong(db, [email])).size > 0;
}

/**
 * The given addresses that are suppressed, normalised (trimmed, lower-case): check with
 * `set.has(normalizeEmail(address))`.
 */
export async function suppressedAmong(db: Database, emails: readonly string[]): Promise<Set<string>> {
  return new Set((await selectSuppressionReasons(db, [...new Set(emails.map(normalizeEmail))])).keys());
}
