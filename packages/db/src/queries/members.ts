import { and, desc, eq, gt, gte, isNotNull, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import { sessions, users } from "../schema/auth.ts";
import { billingInvoices, memberActions, membershipGrants, subscriptions } from "../schema/billing.ts";
import { memberProfiles, sessionLogs } from "../schema/training.ts";
import { waitlistEntries } from "../schema/waitlist.ts";
import { CURRENT_STATUSES, subscriptionStatusIn } from "./billing.ts";

/**
 * Where a member stands, as the coach's list filters it: paying (active, cancelling at the period's end, past
 * due), on a free membership, paused (or pausing), ended, or never a member at all ("none").
 */
export const MEMBER_LIST_STATUSES = ["active", "past_due", "paused", "cancelling", "ended", "free", "none"] as const;
export type MemberListStatus = (typeof MEMBER_LIST_STATUSES)[number];

export type MembershipGrantRow = typeof membershipGrants.$inferSelect;
export type BillingInvoiceRow = typeof billingInvoices.$inferSelect;
export type MemberActionRow = typeof memberActions.$inferSelect;

/** A grant that counts at `now`: started, not ended, not revoked. */
function grantCountsAt(now: Date): SQL {
  return and(
    lte(membershipGrants.startsAt, now),
    or(isNull(membershipGrants.endsAt), gt(membershipGrants.endsAt, now)),
    isNull(membershipGrants.revokedAt),
  ) as SQL;
}

/** Her free membership that counts at `now`, the one that lasts longest first (a grant without an end wins). */
export async function findActiveGrant(
  db: Database,
  params: { userId: string; now: Date },
): Promise<MembershipGrantRow | undefined> {
  const [row] = await db
    .select()
    .from(membershipGrants)
    .where(and(eq(membershipGrants.userId, params.userId), grantCountsAt(params.now)))
    .orderBy(sql`${membershipGrants.endsAt} desc nulls first`)
    .limit(1);
  return row;
}

export interface CreateGrantParams {
  userId: string;
  startsAt: Date;
  endsAt: Date | null;
  grantedBy: string;
  note: string | null;
}

export async function createMembershipGrant(db: Database, params: CreateGrantParams): Promise<MembershipGrantRow> {
  const [row] = await db
    .insert(membershipGrants)
    .values({ id: newId("grt"), ...params })
    .returning();
  if (!row) throw new Error("the grant was not saved");
  return row;
}

export interface ListMembersParams {
  /** Part of her email or first name; empty: everyone. */
  query: string;
  status: MemberListStatus | undefined;
  limit: number;
  offset: number;
  now: Date;
}

export interface MemberListRow {
  id: string;
  email: string;
  firstName: string | null;
  /** When her account was made (her first sign-in or payment). */
  joinedAt: Date;
  status: MemberListStatus;
  /** Her free membership's end, when she is on one (null: no end). */
  grantEndsAt: Date | null;
  planSlug: string | null;
  /** YYYY-MM-DD, her plan's first day. */
  planStartDate: string | null;
  /** Her current subscription's pause, for the plan week (a paused plan stands still). */
  pausedAt: Date | null;
  /** Her last sign-in (or session renewal) or logged session, whichever is later. */
  lastActiveAt: Date | null;
  /** What her paid invoices brought in, less what was refunded, in `currency`'s smallest unit. */
  lifetimeValue: number;
  currency: string | null;
}

export interface MemberListPage {
  rows: MemberListRow[];
  /** How many match the search and filter, on every page. */
  total: number;
}

/**
 * The coach's members list: every account with where it stands, newest first, filtered by a search (email or
 * first name from the waitlist) and a status, one page at a time. One statement per page and one for the count.
 */
export async function listMembers(db: Database, params: ListMembersParams): Promise<MemberListPage> {
  const now = params.now;
  const current = db
    .select({
      id: subscriptions.id,
      status: subscriptions.status,
      pausedAt: subscriptions.pausedAt,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
    })
    .from(subscriptions)
    .where(eq(subscriptions.userId, users.id))
    .orderBy(sql`case when ${subscriptionStatusIn(CURRENT_STATUSES)} then 0 else 1 end`, desc(subscriptions.updatedAt))
    .limit(1)
    .as("current");
  const grant = db
    .select({ id: membershipGrants.id, endsAt: membershipGrants.endsAt })
    .from(membershipGrants)
    .where(and(eq(membershipGrants.userId, users.id), grantCountsAt(now)))
    .orderBy(sql`${membershipGrants.endsAt} desc nulls first`)
    .limit(1)
    .as("grant");
  // The order of the cases is the order of precedence: a paying member is listed as such even with a grant.
  const status = sql<MemberListStatus>`case
    when ${current.status} in ('active', 'trialing') and ${current.pausedAt} is null and ${current.cancelAtPeriodEnd} then 'cancelling'
    when ${current.status} in ('active', 'trialing') and ${current.pausedAt} is null then 'active'
    when ${current.status} = 'past_due' and ${current.pausedAt} is null then 'past_due'
    when ${grant.id} is not null then 'free'
    when ${current.status} in ('active', 'trialing', 'past_due', 'paused') then 'paused'
    when ${current.id} is not null then 'ended'
    else 'none' end`;
  const conditions: SQL[] = [];
  if (params.query) {
    const pattern = `%${params.query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    conditions.push(sql`(${users.email} ilike ${pattern} or ${waitlistEntries.firstName} ilike ${pattern})`);
  }
  if (params.status) conditions.push(sql`${status} = ${params.status}`);
  const where = conditions.length > 0 ? and(...conditions) : undefined;

  const lastSignIn = sql<Date | null>`(select max(${sessions.lastVerifiedAt}) from ${sessions} where ${sessions.userId} = ${users.id})`;
  const lastLog = sql<Date | null>`(select max(${sessionLogs.createdAt}) from ${sessionLogs} where ${sessionLogs.userId} = ${users.id})`;
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: users.id,
        email: users.email,
        firstName: waitlistEntries.firstName,
        joinedAt: users.createdAt,
        status,
        grantEndsAt: grant.endsAt,
        planSlug: memberProfiles.planSlug,
        planStartDate: memberProfiles.startDate,
        pausedAt: current.pausedAt,
        lastActiveAt: sql<string | null>`greatest(${lastSignIn}, ${lastLog})`,
        lifetimeValue: sql<number>`(select coalesce(sum(${billingInvoices.amountPaid} - ${billingInvoices.amountRefunded}), 0)::int from ${billingInvoices} where ${billingInvoices.userId} = ${users.id} and ${billingInvoices.status} = 'paid')`,
        currency: sql<
          string | null
        >`(select max(${billingInvoices.currency}) from ${billingInvoices} where ${billingInvoices.userId} = ${users.id})`,
      })
      .from(users)
      .leftJoin(waitlistEntries, eq(waitlistEntries.email, users.email))
      .leftJoin(memberProfiles, eq(memberProfiles.userId, users.id))
      .leftJoinLateral(current, sql`true`)
      .leftJoinLateral(grant, sql`true`)
      .where(where)
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(params.limit)
      .offset(params.offset),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(users)
      .leftJoin(waitlistEntries, eq(waitlistEntries.email, users.email))
      .leftJoinLateral(current, sql`true`)
      .leftJoinLateral(grant, sql`true`)
      .where(where),
  ]);
  return {
    // greatest() of two subqueries comes back as text on one driver and a Date on the other.
    rows: rows.map((row) => ({ ...row, lastActiveAt: row.lastActiveAt === null ? null : new Date(row.lastActiveAt) })),
    total: counted?.count ?? 0,
  };
}

export interface MemberRecord {
  user: { id: string; email: string; createdAt: Date };
  firstName: string | null;
  /** Every subscription she has had, the newest first. */
  subscriptions: (typeof subscriptions.$inferSelect)[];
  invoices: BillingInvoiceRow[];
  grants: MembershipGrantRow[];
  /** Her newest sign-ins (sessions), the newest first. */
  signIns: { createdAt: Date; lastVerifiedAt: Date; userAgent: string | null }[];
  actions: MemberActionRow[];
}

/** Everything the coach's member page shows about one account; undefined when there is no such account. */
export async function getMemberRecord(db: Database, userId: string): Promise<MemberRecord | undefined> {
  const [user] = await db
    .select({ id: users.id, email: users.email, createdAt: users.createdAt, firstName: waitlistEntries.firstName })
    .from(users)
    .leftJoin(waitlistEntries, eq(waitlistEntries.email, users.email))
    .where(eq(users.id, userId));
  if (!user) return undefined;
  const [subs, invoices, grants, signIns, actions] = await Promise.all([
    db.select().from(subscriptions).where(eq(subscriptions.userId, userId)).orderBy(desc(subscriptions.createdAt)),
    db
      .select()
      .from(billingInvoices)
      .where(eq(billingInvoices.userId, userId))
      .orderBy(desc(billingInvoices.issuedAt))
      .limit(50),
    db
      .select()
      .from(membershipGrants)
      .where(eq(membershipGrants.userId, userId))
      .orderBy(desc(membershipGrants.createdAt)),
    db
      .select({ createdAt: sessions.createdAt, lastVerifiedAt: sessions.lastVerifiedAt, userAgent: sessions.userAgent })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .orderBy(desc(sessions.createdAt))
      .limit(10),
    db
      .select()
      .from(memberActions)
      .where(eq(memberActions.userId, userId))
      .orderBy(desc(memberActions.createdAt))
      .limit(20),
  ]);
  const { firstName, ...account } = user;
  return { user: account, firstName, subscriptions: subs, invoices, grants, signIns, actions };
}

export type InvoiceParams = Omit<BillingInvoiceRow, "createdAt" | "updatedAt" | "amountRefunded">;

/** Writes Stripe's current state of her invoices over ours; what our refunds took back stays. */
export async function saveInvoices(db: Database, invoices: readonly InvoiceParams[]): Promise<void> {
  for (const invoice of invoices) {
    const { id, ...rest } = invoice;
    await db
      .insert(billingInvoices)
      .values(invoice)
      .onConflictDoUpdate({
        target: billingInvoices.id,
        set: { ...rest, updatedAt: new Date() },
        // Webhooks arrive in any order: an invoice never goes back from paid (or void) to open or draft.
        where: sql`${invoiceProgress(sql`${billingInvoices.status}`)} <= ${invoiceProgress(sql`excluded.status`)}`,
      });
  }
}

/** How far along its life an invoice is: draft, then open, then settled (paid, void or uncollectible). */
function invoiceProgress(status: SQL): SQL {
  return sql`(case ${status} when 'draft' then 0 when 'open' then 1 else 2 end)`;
}

/** Records that `amount` of an invoice was refunded (once per refund: the caller passes Stripe's refund total). */
export async function recordInvoiceRefund(
  db: Database,
  params: { invoiceId: string; amountRefunded: number },
): Promise<void> {
  await db
    .update(billingInvoices)
    .set({ amountRefunded: sql`greatest(${billingInvoices.amountRefunded}, ${params.amountRefunded})` })
    .where(eq(billingInvoices.id, params.invoiceId));
}

/** Her newest paid invoice that is not refunded in full: the one "refund the last payment" refunds. */
export async function findLastPaidInvoice(db: Database, userId: string): Promise<BillingInvoiceRow | undefined> {
  const [row] = await db
    .select()
    .from(billingInvoices)
    .where(
      and(
        eq(billingInvoices.userId, userId),
        eq(billingInvoices.status, "paid"),
        gt(billingInvoices.amountPaid, 0),
        isNotNull(billingInvoices.paidAt),
      ),
    )
    .orderBy(desc(billingInvoices.paidAt))
    .limit(1);
  return row;
}

export interface StartMemberActionParams {
  userId: string;
  kind: string;
  requestKey: string;
  actor: string;
  detail: Record<string, string | number | null>;
}

/**
 * Records that the coach asked for an action, once per form submission: a second request with the same key
 * gets the first one's record back (`created: false`) and must not act again.
 */
export async function startMemberAction(
  db: Database,
  params: StartMemberActionParams,
): Promise<{ action: MemberActionRow; created: boolean }> {
  const [created] = await db
    .insert(memberActions)
    .values({ id: newId("act"), status: "pending", ...params })
    .onConflictDoNothing()
    .returning();
  if (created) return { action: created, created: true };
  const [existing] = await db
    .select()
    .from(memberActions)
    .where(and(eq(memberActions.userId, params.userId), eq(memberActions.requestKey, params.requestKey)));
  if (!existing) throw new Error("the member action vanished");
  return { action: existing, created: false };
}

/** The outcome of an action (done or failed), with what it did. */
export async function finishMemberAction(
  db: Database,
  params: { id: string; status: "done" | "failed"; detail: Record<string, string | number | null> },
): Promise<MemberActionRow> {
  const [row] = await db
    .update(memberActions)
    .set({ status: params.status, detail: params.detail })
    .where(eq(memberActions.id, params.id))
    .returning();
  if (!row) throw new Error("the member action vanished");
  return row;
}

/** One month's movements (a UTC calendar month, `YYYY-MM`). */
export interface RevenueMonth {
  month: string;
  started: number;
  ended: number;
  paused: number;
}

/**
 * Subscriptions started, ended and paused per UTC month since `since`: new by Stripe's start date, churned by
 * the date it ended, paused by the day access paused. Months without any are missing.
 */
export async function countSubscriptionMovesPerMonth(db: Database, since: Date): Promise<RevenueMonth[]> {
  const monthOf = (column: SQL | PgColumn) =>
    sql<string>`to_char(date_trunc('month', ${column} at time zone 'UTC'), 'YYYY-MM')`;
  const [started, ended, paused] = await Promise.all(
    [subscriptions.startedAt, subscriptions.endedAt, subscriptions.pausedAt].map((column) =>
      db
        .select({ month: monthOf(column), count: sql<number>`count(*)::int` })
        .from(subscriptions)
        .where(gte(column, since))
        .groupBy(monthOf(column)),
    ),
  );
  const months = new Map<string, RevenueMonth>();
  const at = (month: string) => {
    const entry = months.get(month) ?? { month, started: 0, ended: 0, paused: 0 };
    months.set(month, entry);
    return entry;
  };
  for (const row of started ?? []) at(row.month).started += row.count;
  for (const row of ended ?? []) at(row.month).ended += row.count;
  for (const row of paused ?? []) at(row.month).paused += row.count;
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * Monthly recurring revenue, per currency: what the subscriptions that will charge again bring in a month
 * (live, collection not paused, not cancelling). Free memberships bring nothing.
 */
export async function sumMonthlyRecurringRevenue(
  db: Database,
): Promise<{ currency: string; amount: number; subscriptions: number }[]> {
  const rows = await db
    .select({
      currency: sql<string>`coalesce(${subscriptions.currency}, 'usd')`,
      amount: sql<number>`coalesce(sum(${subscriptions.monthlyAmount}), 0)::int`,
      subscriptions: sql<number>`count(*)::int`,
    })
    .from(subscriptions)
    .where(
      and(
        sql`${subscriptions.status} in ('active', 'trialing', 'past_due')`,
        eq(subscriptions.cancelAtPeriodEnd, false),
        isNull(subscriptions.pausedAt),
        isNull(subscriptions.endedAt),
      ),
    )
    .groupBy(sql`coalesce(${subscriptions.currency}, 'usd')`);
  return rows;
}
