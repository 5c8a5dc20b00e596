import { sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import { waitlistEntries } from "../schema/waitlist.ts";

export interface JoinWaitlistParams {
  /** Already normalised: trimmed and lower-cased. */
  email: string;
  firstName?: string | undefined;
  source?: string | undefined;
  consentText: string;
}

export interface JoinWaitlistResult {
  id: string;
  /** False when the email was already on the list (joining again changes nothing but a lapsed opt-out). */
  created: boolean;
}

/**
 * Adds an email to the waitlist, or finds it there. One statement, so any number of concurrent joins
 * of one address leave exactly one row; a person who had unsubscribed and joins again is subscribed.
 */
export async function joinWaitlist(db: Database, params: JoinWaitlistParams): Promise<JoinWaitlistResult> {
  const [row] = await db
    .insert(waitlistEntries)
    .values({
      id: newId("wl"),
      email: params.email,
      firstName: params.firstName ?? null,
      source: params.source ?? null,
      consentText: params.consentText,
    })
    .onConflictDoUpdate({
      target: waitlistEntries.email,
      set: {
        unsubscribedAt: null,
        firstName: sql`coalesce(${waitlistEntries.firstName}, excluded.first_name)`,
      },
    })
    .returning({ id: waitlistEntries.id, created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error("joinWaitlist: the insert returned no row");
  return { id: row.id, created: Boolean(row.created) };
}

export async function countWaitlist(db: Database): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(waitlistEntries)
    .where(sql`${waitlistEntries.unsubscribedAt} is null`);
  return row?.count ?? 0;
}
