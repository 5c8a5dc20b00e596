/**
 * Who may receive what, given the suppression list: the one home of that rule.
 *
 * - `bulk` (launch emails, newsletters, anything to a list): any suppression skips the address.
 * - `confirmation` (a double opt-in email, sent to whatever address someone typed): skipped for a hard
 *   bounce, a complaint, a cleaned address or the coach's manual block, because the person who typed it may
 *   not be its owner; not for an unsubscribe, since someone who left and joins again must be able to confirm.
 * - `requested` (a sign-in code, an email-change link, a receipt or welcome for something she just did): always
 *   sent. A complaint or an unsubscribe is about list mail, not about the code she asked for this minute; and a
 *   hard-bounced address she types again either bounces once more (the sign-in limits cap that at a few a
 *   day) or has been fixed, and refusing it would lock her out of her account with no way back.
 */
import type { Database } from "@academy/db/client";
import { selectSuppressionReasons } from "@academy/db/queries/suppressions";
import type { SuppressionReason } from "@academy/db/schema";
import { normalizeEmail } from "../audience/email.ts";

export type SendCategory = "bulk" | "confirmation" | "requested";

const CONFIRMATION_BLOCKERS: ReadonlySet<SuppressionReason> = new Set([
  "hard_bounce",
  "complaint",
  "cleaned",
  "manual",
]);

/** Whether an address suppressed for `reason` (undefined: not suppressed) may get an email of `category`. */
export function mayReceive(category: SendCategory, reason: SuppressionReason | undefined): boolean {
  if (reason === undefined || category === "requested") return true;
  if (category === "confirmation") return !CONFIRMATION_BLOCKERS.has(reason);
  return false;
}

/**
 * The addresses among `emails` that must not get an email of `category`, each (as given) with its
 * suppression reason. One query, whatever the number of addresses; none for `requested` email.
 */
export async function findUnsendable(
  db: Database,
  category: SendCategory,
  emails: readonly string[],
): Promise<Map<string, SuppressionReason>> {
  const unsendable = new Map<string, SuppressionReason>();
  if (category === "requested" || emails.length === 0) return unsendable;
  const reasons = await selectSuppressionReasons(db, [...new Set(emails.map(normalizeEmail))]);
  for (const email of emails) {
    const reason = reasons.get(normalizeEmail(email));
    if (!mayReceive(category, reason) && reason) unsendable.set(email, reason);
  }
  return unsendable;
}

/** The same, keyed by each recipient's key (a campaign's recipients): `emailOf` reads her address. */
export async function findUnsendableKeys<Recipient extends { key: string }>(
  db: Database,
  category: SendCategory,
  recipients: readonly Recipient[],
  emailOf: (recipient: Recipient) => string,
): Promise<Map<string, SuppressionReason>> {
  const unsendable = await findUnsendable(db, category, recipients.map(emailOf));
  const byKey = new Map<string, SuppressionReason>();
  for (const recipient of recipients) {
    const reason = unsendable.get(emailOf(recipient));
    if (reason) byKey.set(recipient.key, reason);
  }
  return byKey;
}
