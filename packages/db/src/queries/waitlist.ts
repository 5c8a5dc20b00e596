import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, lte, notExists, or, sql } from "drizzle-orm";
import { createBatcher } from "../batch.ts";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import { perDatabase } from "../per-database.ts";
import { users } from "../schema/auth.ts";
import { subscriptions } from "../schema/billing.ts";
import { waitlistEntries } from "../schema/waitlist.ts";
import { LIVE_STATUSES, subscriptionStatusIn } from "./billing.ts";

/**
 * How soon a join may ask for another confirmation email to the same unconfirmed address: whoever types her
 * address, however often, she gets at most one confirmation per interval.
 */
export const CONFIRMATION_RESEND_MINUTES = 10;

/**
 * On the list: she confirmed her address and has not unsubscribed. Only such entries get priority access,
 * launch emails and a greeting by name, and only they are counted.
 */
export function isListed(entry: Pick<WaitlistEntry, "confirmedAt" | "unsubscribedAt">): boolean {
  return entry.confirmedAt !== null && entry.unsubscribedAt === null;
}

const listed = and(isNotNull(waitlistEntries.confirmedAt), isNull(waitlistEntries.unsubscribedAt));

/** Waiting for her confirmation: never confirmed, or joined again after unsubscribing. */
const awaitingConfirmation = sql`(${waitlistEntries.confirmedAt} is null or ${waitlistEntries.unsubscribedAt} is not null)`;

export interface JoinWaitlistParams {
  /** Already normalised: trimmed and lower-cased. */
  email: string;
  firstName?: string | undefined;
  source?: string | undefined;
  consentText: string;
  /** The moment of the join (by default, now): it dates the confirmation link, and spaces out resends. */
  now?: Date | undefined;
}

export interface JoinWaitlistResult {
  id: string;
  /** False when the email had an entry already. */
  created: boolean;
  /** True when this join asked for a confirmation email (see `claimDueConfirmations`). */
  confirmationRequested: boolean;
}

/**
 * Asks to add an email to the waitlist: the entry waits, unconfirmed, until its owner follows the link in the
 * confirmation email this records as due. Concurrent calls on one database are written together (see
 * `createBatcher`): each resolves once the statement holding its row has committed.
 */
export function joinWaitlist(db: Database, params: JoinWaitlistParams): Promise<JoinWaitlistResult> {
  return joinBatcher(db)(params);
}

const joinBatcher = perDatabase((db) => createBatcher((many: JoinWaitlistParams[]) => joinWaitlistMany(db, many)));

/**
 * Adds many emails in one statement; any number of concurrent joins of one address leave exactly one row.
 * A join never changes a listed entry (a stranger cannot rename her or reach her inbox through it). An entry
 * waiting for confirmation, including one whose owner unsubscribed (it stays unsubscribed), gets a
 * confirmation email, unless one is on its way or another was asked for within CONFIRMATION_RESEND_MINUTES
 * (and after she unsubscribed). Results come in the order given.
 */
export async function joinWaitlistMany(db: Database, many: JoinWaitlistParams[]): Promise<JoinWaitlistResult[]> {
  // One statement may not touch a row twice: an address given twice is written once, and both callers
  // hear the same answer.
  const byEmail = new Map<string, JoinWaitlistParams>();
  for (const params of many) {
    const earlier = byEmail.get(params.email);
    byEmail.set(params.email, earlier ? { ...earlier, firstName: earlier.firstName ?? params.firstName } : params);
  }
  const joinedAt = new Date();
  const rows = [...byEmail.values()].map((row) => ({ ...row, now: row.now ?? joinedAt }));
  const table = waitlistEntries;
  const resend = sql`(${awaitingConfirmation} and ${table.confirmationDueAt} is null and (
    ${table.confirmationRequestedAt} is null
    or ${table.confirmationRequestedAt} <= excluded.confirmation_requested_at - make_interval(mins => ${CONFIRMATION_RESEND_MINUTES})
    or ${table.confirmationRequestedAt} < ${table.unsubscribedAt}))`;
  // The columns go as arrays (one parameter each) through unnest: one short statement whatever the batch size.
  // Columns in table order: id, email, first_name, source, consent_text, unsubscribed_at, confirmed_at,
  // confirmation_requested_at, confirmation_due_at, welcome_due_at, created_at, updated_at.
  const saved = await db
    .insert(waitlistEntries)
    .select(sql`
      select id, email, first_name, source, consent_text, null::timestamptz, null::timestamptz,
        requested_at, now(), null::timestamptz, now(), now()
      from unnest(
        ${sql.param(rows.map(() => newId("wl")))}::text[],
        ${sql.param(rows.map((row) => row.email))}::text[],
        ${sql.param(rows.map((row) => row.firstName ?? null))}::text[],
        ${sql.param(rows.map((row) => row.source ?? null))}::text[],
        ${sql.param(rows.map((row) => row.consentText))}::text[],
        ${sql.param(rows.map((row) => row.now.toISOString()))}::text[]::timestamptz[]
      ) as given(id, email, first_name, source, consent_text, requested_at)`)
    .onConflictDoUpdate({
      target: waitlistEntries.email,
      set: {
        // Until anyone confirms the address, the newest name given wins; she sees it, and may change it, as she
        // confirms. A name she confirmed once is hers: a join never changes it.
        firstName: sql`case when ${table.confirmedAt} is null then coalesce(excluded.first_name, ${table.firstName}) else ${table.firstName} end`,
        confirmationRequestedAt: sql`case when ${resend} then excluded.confirmation_requested_at else ${table.confirmationRequestedAt} end`,
        confirmationDueAt: sql`case when ${resend} then now() else ${table.confirmationDueAt} end`,
      },
    })
    .returning({
      id: waitlistEntries.id,
      email: waitlistEntries.email,
      created: sql<boolean>`(xmax = 0)`,
      confirmationRequestedAt: waitlistEntries.confirmationRequestedAt,
    });
  const byAddress = new Map(saved.map((row) => [row.email, row]));
  const askedAt = new Map(rows.map((row) => [row.email, row.now.getTime()]));
  return many.map((params) => {
    const row = byAddress.get(params.email);
    if (!row) throw new Error(`joinWaitlistMany: no row came back for ${params.email}`);
    const asked = askedAt.get(params.email);
    return {
      id: row.id,
      created: Boolean(row.created),
      confirmationRequested: row.confirmationRequestedAt?.getTime() === asked,
    };
  });
}

export interface ConfirmWaitlistEntryParams {
  id: string;
  /** When the link she followed was asked for: a link from before she unsubscribed cannot undo that. */
  linkRequestedAt: Date;
  now: Date;
  /** Her first name as she confirmed it: undefined keeps the one given with the join, null clears it. */
  firstName?: string | null | undefined;
}

export type ConfirmWaitlistEntryResult =
  /** Now on the list. Her welcome is due when this was her first confirmation. */
  | { status: "confirmed"; entry: WaitlistEntry }
  /** On the list already: nothing changed. */
  | { status: "listed"; entry: WaitlistEntry }
  /** She unsubscribed after this link was sent: it no longer confirms anything. */
  | { status: "stale" }
  | { status: "missing" };

/**
 * Confirms an entry from the link in its confirmation email: it is on the list from now on (subscribed again,
 * when she had unsubscribed), and the first confirmation records her welcome email as due in the same statement.
 */
export async function confirmWaitlistEntry(
  db: Database,
  params: ConfirmWaitlistEntryParams,
): Promise<ConfirmWaitlistEntryResult> {
  const table = waitlistEntries;
  const [confirmed] = await db
    .update(table)
    .set({
      confirmedAt: params.now,
      unsubscribedAt: null,
      confirmationDueAt: null,
      ...(params.firstName === undefined ? {} : { firstName: params.firstName }),
      welcomeDueAt: sql`case when ${table.confirmedAt} is null then now() else ${table.welcomeDueAt} end`,
    })
    .where(
      and(
        eq(table.id, params.id),
        awaitingConfirmation,
        or(isNull(table.unsubscribedAt), lt(table.unsubscribedAt, params.linkRequestedAt)),
      ),
    )
    .returning();
  if (confirmed) return { status: "confirmed", entry: confirmed };
  const entry = await getWaitlistEntry(db, params.id);
  if (!entry) return { status: "missing" };
  return isListed(entry) ? { status: "listed", entry } : { status: "stale" };
}

/** Entries on the list: confirmed and subscribed. */
export async function countWaitlist(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(waitlistEntries).where(listed);
  return row?.count ?? 0;
}

/** Entries nobody has confirmed yet (a person who has not clicked, or an address someone typed for her). */
export async function countUnconfirmedWaitlist(db: Database): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(waitlistEntries)
    .where(and(isNull(waitlistEntries.confirmedAt), isNull(waitlistEntries.unsubscribedAt)));
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

/** True when the address is on the list: confirmed by its owner, and not unsubscribed. */
export async function isOnWaitlist(db: Database, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.email, email), listed));
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
      confirmedAt: waitlistEntries.confirmedAt,
      unsubscribedAt: waitlistEntries.unsubscribedAt,
    })
    .from(waitlistEntries)
    .where(eq(waitlistEntries.email, params.email));
}

export interface ListLaunchRecipientsParams {
  /** Leave out people who already enrolled: a live subscription (see LIVE_STATUSES) under the same address. */
  skipEnrolled: boolean;
}

/** Listed entries (confirmed, subscribed) a launch email goes to, in id order. */
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
    .where(and(listed, params.skipEnrolled ? notExists(enrolled) : undefined))
    .orderBy(waitlistEntries.id);
}

/**
 * Every entry its owner confirmed (and whether she has unsubscribed since), oldest first, for the coach's CSV
 * export: addresses nobody confirmed are anyone's typing, not people to write to.
 */
export async function listWaitlistForExport(db: Database): Promise<WaitlistEntry[]> {
  return db
    .select()
    .from(waitlistEntries)
    .where(isNotNull(waitlistEntries.confirmedAt))
    .orderBy(asc(waitlistEntries.createdAt));
}

/** Entries whose email or first name contains `query`, newest first. */
export async function searchWaitlist(db: Database, query: string, limit = 50, offset = 0): Promise<WaitlistEntry[]> {
  return db
    .select()
    .from(waitlistEntries)
    .where(waitlistMatching(query))
    .orderBy(desc(waitlistEntries.createdAt), desc(waitlistEntries.id))
    .limit(limit)
    .offset(offset);
}

/** How many entries searchWaitlist finds for `query` in all pages. */
export async function countWaitlistMatches(db: Database, query: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(waitlistEntries)
    .where(waitlistMatching(query));
  return row?.count ?? 0;
}

function waitlistMatching(query: string) {
  const pattern = `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return query ? or(ilike(waitlistEntries.email, pattern), ilike(waitlistEntries.firstName, pattern)) : undefined;
}

/** Confirmed sign-ups per calendar day (UTC) of joining since `since`, for the growth chart. */
export async function countSignupsPerDay(db: Database, since: Date): Promise<{ day: string; count: number }[]> {
  const day = sql<string>`to_char(date_trunc('day', ${waitlistEntries.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  return db
    .select({ day, count: sql<number>`count(*)::int` })
    .from(waitlistEntries)
    .where(and(gte(waitlistEntries.createdAt, since), isNotNull(waitlistEntries.confirmedAt)))
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
    .where(and(lte(waitlistEntries.welcomeDueAt, sql`now()`), listed))
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

export interface DueConfirmation {
  id: string;
  email: string;
  /** When the join asked for it: the link inside is dated by it. */
  requestedAt: Date;
}

/**
 * Claims up to `limit` confirmation emails that are due, for `leaseSeconds`, as `claimDueWelcomes` does. An
 * entry confirmed in the meantime (by an earlier email's link) is not claimed.
 */
export async function claimDueConfirmations(
  db: Database,
  params: { limit: number; leaseSeconds: number },
): Promise<DueConfirmation[]> {
  const due = db
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(
      and(
        lte(waitlistEntries.confirmationDueAt, sql`now()`),
        isNotNull(waitlistEntries.confirmationRequestedAt),
        awaitingConfirmation,
      ),
    )
    .orderBy(asc(waitlistEntries.confirmationDueAt))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(waitlistEntries)
    .set({ confirmationDueAt: sql`now() + make_interval(secs => ${params.leaseSeconds})` })
    .where(inArray(waitlistEntries.id, due))
    .returning({
      id: waitlistEntries.id,
      email: waitlistEntries.email,
      requestedAt: waitlistEntries.confirmationRequestedAt,
    });
  return claimed.flatMap((row) => (row.requestedAt ? [{ ...row, requestedAt: row.requestedAt }] : []));
}

/** Marks these confirmation emails sent: nobody claims them again until another join asks. */
export async function markConfirmationsSent(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(waitlistEntries).set({ confirmationDueAt: null }).where(inArray(waitlistEntries.id, ids));
}
