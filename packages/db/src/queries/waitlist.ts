import { and, asc, desc, eq, gte, ilike, isNull, or, sql } from "drizzle-orm";
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

export type WaitlistEntry = typeof waitlistEntries.$inferSelect;

export async function getWaitlistEntry(db: Database, id: string): Promise<WaitlistEntry | undefined> {
  const [row] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.id, id));
  return row;
}

/** Marks the entry unsubscribed (once; later calls keep the first time). */
export async function unsubscribeWaitlistEntry(
  db: Database,
  id: string,
  now: Date,
): Promise<WaitlistEntry | undefined> {
  const [row] = await db
    .update(waitlistEntries)
    .set({ unsubscribedAt: sql`coalesce(${waitlistEntries.unsubscribedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(waitlistEntries.id, id))
    .returning();
  return row;
}

/** True when the address is on the waitlist and has not unsubscribed. */
export async function isOnWaitlist(db: Database, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.email, email), isNull(waitlistEntries.unsubscribedAt)));
  return row !== undefined;
}

/** Every entry, oldest first, for the coach's CSV export. */
export async function listWaitlistForExport(db: Database): Promise<WaitlistEntry[]> {
  return db.select().from(waitlistEntries).orderBy(asc(waitlistEntries.createdAt));
}

/** Entries whose email or first name contains `query`, newest first. */
export async function searchWaitlist(db: Database, query: string, limit = 50): Promise<WaitlistEntry[]> {
  const pattern = `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return db
    .select()
    .from(waitlistEntries)
    .where(query ? or(ilike(waitlistEntries.email, pattern), ilike(waitlistEntries.firstName, pattern)) : undefined)
    .orderBy(desc(waitlistEntries.createdAt))
    .limit(limit);
}

/** Sign-ups per calendar day (UTC) since `since`, for the growth chart. */
export async function countSignupsPerDay(db: Database, since: Date): Promise<{ day: string; count: number }[]> {
  const day = sql<string>`to_char(date_trunc('day', ${waitlistEntries.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  return db
    .select({ day, count: sql<number>`count(*)::int` })
    .from(waitlistEntries)
    .where(gte(waitlistEntries.createdAt, since))
    .groupBy(day)
    .orderBy(day);
}
