import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, notExists, or, sql } from "drizzle-orm";
import { createBatcher } from "../batch.ts";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import { perDatabase } from "../per-database.ts";
import { users } from "../schema/auth.ts";
import { subscriptions } from "../schema/billing.ts";
import { waitlistEntries } from "../schema/waitlist.ts";
import { LIVE_STATUSES, subscriptionStatusIn } from "./billing.ts";

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
 * Adds an email to the waitlist, or finds it there. Concurrent calls on one database are written
 * together (see `createBatcher`): each resolves once the statement holding its row has committed.
 */
export function joinWaitlist(db: Database, params: JoinWaitlistParams): Promise<JoinWaitlistResult> {
  return joinBatcher(db)(params);
}

const joinBatcher = perDatabase((db) => createBatcher((many: JoinWaitlistParams[]) => joinWaitlistMany(db, many)));

/**
 * Adds many emails in one statement. Any number of concurrent joins of one address leave exactly one
 * row; a person who had unsubscribed and joins again is subscribed. Results come in the order given.
 */
export async function joinWaitlistMany(db: Database, many: JoinWaitlistParams[]): Promise<JoinWaitlistResult[]> {
  // One statement may not touch a row twice: an address given twice is written once, and both callers
  // hear the same answer.
  const byEmail = new Map<string, JoinWaitlistParams>();
  for (const params of many) {
    const earlier = byEmail.get(params.email);
    byEmail.set(params.email, earlier ? { ...earlier, firstName: earlier.firstName ?? params.firstName } : params);
  }
  const rows = [...byEmail.values()];
  // The columns go as arrays (one parameter each) through unnest: one short statement whatever the batch size.
  const saved = await db
    .insert(waitlistEntries)
    .select(sql`
      select id, email, first_name, source, consent_text, null::timestamptz, now(), now(), now()
      from unnest(
        ${sql.param(rows.map(() => newId("wl")))}::text[],
        ${sql.param(rows.map((row) => row.email))}::text[],
        ${sql.param(rows.map((row) => row.firstName ?? null))}::text[],
        ${sql.param(rows.map((row) => row.source ?? null))}::text[],
        ${sql.param(rows.map((row) => row.consentText))}::text[]
      ) as given(id, email, first_name, source, consent_text)`)
    .onConflictDoUpdate({
      target: waitlistEntries.email,
      set: {
        unsubscribedAt: null,
        firstName: sql`coalesce(${waitlistEntries.firstName}, excluded.first_name)`,
      },
    })
    .returning({ id: waitlistEntries.id, email: waitlistEntries.email, created: sql<boolean>`(xmax = 0)` });
  const byAddress = new Map(saved.map((row) => [row.email, { id: row.id, created: Boolean(row.created) }]));
  return many.map((params) => {
    const row = byAddress.get(params.email);
    if (!row) throw new Error(`joinWaitlistMany: no row came back for ${params.email}`);
    return row;
  });
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

export interface ListWaitlistEntriesByEmailParams {
  email: string;
}

/** Her own waitlist entries, for her data export. */
export async function listWaitlistEntriesByEmail(db: Database, params: ListWaitlistEntriesByEmailParams) {
  return db
    .select({
      email: waitlistEntries.email,
      firstName: waitlistEntries.firstName,
      source: waitlistEntries.source,
      consentText: waitlistEntries.consentText,
      createdAt: waitlistEntries.createdAt,
      unsubscribedAt: waitlistEntries.unsubscribedAt,
    })
    .from(waitlistEntries)
    .where(eq(waitlistEntries.email, params.email));
}

export interface ListLaunchRecipientsParams {
  /** Leave out people who already enrolled: a live subscription (see LIVE_STATUSES) under the same address. */
  skipEnrolled: boolean;
}

/** Subscribed waitlist entries a launch email goes to, in id order. */
export async function listLaunchRecipients(
  db: Database,
  params: ListLaunchRecipientsParams,
): Promise<{ id: string; email: string; firstName: string | null }[]> {
  const enrolled = db
    .select({ one: sql`1` })
    .from(subscriptions)
    .innerJoin(users, eq(users.id, subscriptions.userId))
    .where(and(eq(users.email, waitlistEntries.email), subscriptionStatusIn(LIVE_STATUSES)));
  return db
    .select({ id: waitlistEntries.id, email: waitlistEntries.email, firstName: waitlistEntries.firstName })
    .from(waitlistEntries)
    .where(and(isNull(waitlistEntries.unsubscribedAt), params.skipEnrolled ? notExists(enrolled) : undefined))
    .orderBy(waitlistEntries.id);
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

export interface DueWelcome {
  id: string;
  email: string;
  firstName: string | null;
}

/**
 * Claims up to `limit` welcome emails that are due, for `leaseSeconds`: a sender that dies mid-send
 * leaves them to be claimed again once the lease runs out. Times are the database's own, so every
 * instance agrees; `skip locked` lets several senders share the work without taking the same rows.
 */
export async function claimDueWelcomes(
  db: Database,
  params: { limit: number; leaseSeconds: number },
): Promise<DueWelcome[]> {
  const due = db
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(and(lte(waitlistEntries.welcomeDueAt, sql`now()`), isNull(waitlistEntries.unsubscribedAt)))
    .orderBy(asc(waitlistEntries.welcomeDueAt))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(waitlistEntries)
    .set({ welcomeDueAt: sql`now() + make_interval(secs => ${params.leaseSeconds})` })
    .where(inArray(waitlistEntries.id, due))
    .returning({ id: waitlistEntries.id, email: waitlistEntries.email, firstName: waitlistEntries.firstName });
}

/** Marks these welcome emails sent: nobody claims them again. */
export async function markWelcomesSent(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(waitlistEntries).set({ welcomeDueAt: null }).where(inArray(waitlistEntries.id, ids));
}
