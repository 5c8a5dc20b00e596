import { eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { users } from "../schema/auth.ts";
import { waitlistEntries } from "../schema/waitlist.ts";

export interface FindUserEmailParams {
  userId: string;
}

/** The address she signs in with, or undefined when there is no such user (any more). */
export async function findUserEmail(db: Database, params: FindUserEmailParams): Promise<string | undefined> {
  const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, params.userId));
  return row?.email;
}

export interface DeleteAccountParams {
  userId: string;
  /** Her address: her waitlist entry goes too. */
  email: string;
}

/**
 * Deletes her account in one transaction: everything keyed to her user goes with it (cascade: sessions,
 * training logs, subscriptions, checkouts), and her waitlist entry is hers too. Cancel at Stripe first
 * whatever Stripe may still charge (see listCancellableSubscriptions).
 */
export async function deleteAccount(db: Database, params: DeleteAccountParams): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(waitlistEntries).where(eq(waitlistEntries.email, params.email));
    await tx.delete(users).where(eq(users.id, params.userId));
  });
}
