import { and, eq, gt, isNull, ne } from "drizzle-orm";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import { emailChangeRequests, users } from "../schema/auth.ts";
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

export interface CreateCheckoutUserParams {
  email: string;
  /** The Stripe customer her paid checkout created. */
  stripeCustomerId: string;
}

/** The account a paid checkout belongs to, and whether that checkout created it. */
export interface CheckoutUser {
  id: string;
  email: string;
  /** True when this checkout's customer created the account (see users.createdByCheckoutCustomer). */
  createdByThisCheckout: boolean;
}

/**
 * The account with her address for a checkout paid without one: created now, marked as made by this
 * checkout's customer, or the one that had the address already (never marked). Two syncs racing agree.
 */
export async function findOrCreateCheckoutUser(db: Database, params: CreateCheckoutUserParams): Promise<CheckoutUser> {
  await db
    .insert(users)
    .values({ id: newId("usr"), email: params.email, createdByCheckoutCustomer: params.stripeCustomerId })
    .onConflictDoNothing({ target: users.email });
  const [row] = await db
    .select({ id: users.id, email: users.email, createdBy: users.createdByCheckoutCustomer })
    .from(users)
    .where(eq(users.email, params.email));
  if (!row) throw new Error("findOrCreateCheckoutUser: no user after insert");
  return { id: row.id, email: row.email, createdByThisCheckout: row.createdBy === params.stripeCustomerId };
}

/** True when an account other than `exceptUserId` signs in with this address. */
export async function isEmailTaken(db: Database, params: { email: string; exceptUserId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, params.email), ne(users.id, params.exceptUserId)));
  return row !== undefined;
}

export interface UpdateUserEmailParams {
  userId: string;
  email: string;
  now: Date;
}

/**
 * Gives her account a new sign-in address, and her waitlist entry with it (unless the new address has one
 * already), so her priority access and launch emails follow her. "taken" when another account has the
 * address (the unique index decides, so two changes racing for one address cannot both win); "missing" when
 * the account is gone.
 */
export async function updateUserEmail(
  db: Database,
  params: UpdateUserEmailParams,
): Promise<"changed" | "taken" | "missing"> {
  try {
    return await db.transaction(async (tx) => {
      const [previous] = await tx
        .select({ email: users.email })
        .from(users)
        .where(eq(users.id, params.userId))
        .for("update");
      if (!previous) return "missing";
      await tx.update(users).set({ email: params.email, updatedAt: params.now }).where(eq(users.id, params.userId));
      const [entryAtNew] = await tx
        .select({ id: waitlistEntries.id })
        .from(waitlistEntries)
        .where(eq(waitlistEntries.email, params.email));
      if (!entryAtNew) {
        await tx.update(waitlistEntries).set({ email: params.email }).where(eq(waitlistEntries.email, previous.email));
      }
      return "changed";
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "taken";
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === "23505";
}

export interface CreateEmailChangeRequestParams {
  id: string;
  userId: string;
  newEmail: string;
  secretHash: string;
  expiresAt: Date;
  now: Date;
}

/** Records a change of address she asked for (see emailChangeRequests). */
export async function createEmailChangeRequest(db: Database, params: CreateEmailChangeRequestParams): Promise<void> {
  const { now, ...values } = params;
  await db.insert(emailChangeRequests).values({ ...values, createdAt: now });
}

/** A pending change of address with its account's current address, or undefined when there is none by this id. */
export async function findEmailChangeRequest(db: Database, params: { id: string }) {
  const [row] = await db
    .select({
      id: emailChangeRequests.id,
      userId: emailChangeRequests.userId,
      newEmail: emailChangeRequests.newEmail,
      secretHash: emailChangeRequests.secretHash,
      expiresAt: emailChangeRequests.expiresAt,
      confirmedAt: emailChangeRequests.confirmedAt,
      currentEmail: users.email,
    })
    .from(emailChangeRequests)
    .innerJoin(users, eq(users.id, emailChangeRequests.userId))
    .where(eq(emailChangeRequests.id, params.id));
  return row;
}

/**
 * Uses a change-of-address link: true for the one request that marks it confirmed before it expires, so a
 * link works once however often it is pressed.
 */
export async function useEmailChangeRequest(db: Database, params: { id: string; now: Date }): Promise<boolean> {
  const used = await db
    .update(emailChangeRequests)
    .set({ confirmedAt: params.now })
    .where(
      and(
        eq(emailChangeRequests.id, params.id),
        isNull(emailChangeRequests.confirmedAt),
        gt(emailChangeRequests.expiresAt, params.now),
      ),
    )
    .returning({ id: emailChangeRequests.id });
  return used.length > 0;
}
