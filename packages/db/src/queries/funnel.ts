import { and, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { users } from "../schema/auth.ts";
import { checkoutSessions, subscriptions } from "../schema/billing.ts";
import { enrollLinkClicks } from "../schema/launch.ts";
import { waitlistEntries } from "../schema/waitlist.ts";

/** Records that she opened her personal link for this window (the first time counts). */
export async function recordEnrollLinkClick(db: Database, windowId: string, waitlistEntryId: string): Promise<void> {
  await db.insert(enrollLinkClicks).values({ windowId, waitlistEntryId }).onConflictDoNothing();
}

export interface WindowFunnel {
  /** Confirmed, subscribed waitlist entries now: the people the funnel starts from. */
  waitlist: number;
  /** Of them, who was sent one of this window's launch emails. */
  emailed: number;
  /** Of them, who opened her personal enroll link for this window. */
  clicked: number;
  /** Of them, who was sent to a checkout page for this window. */
  checkout: number;
  /** Of them, who paid: a membership through this window (whatever it is now). */
  paid: number;
  /**
   * From the waitlist and paid through this window, but not counted in `paid`: she skipped a step (signed in
   * rather than following her link, say) or has left the list since.
   */
  waitlistPaidOffPath: number;
  /** Buyers not on the waitlist: checkouts opened (anonymous ones by their browser) and memberships paid. */
  public: { checkout: number; paid: number };
}

/**
 * The coach's funnel for one window. Each waitlist stage counts only the people of the stage before:
 * confirmed waitlist → emailed (`emailedEntryIds`, from the launch campaigns) → clicked her link → opened
 * checkout → paid. Buyers who never confirmed a waitlist entry (anonymous checkouts included) are counted
 * apart, so they never pass for conversions of the waitlist.
 */
export async function loadWindowFunnel(
  db: Database,
  windowId: string,
  emailedEntryIds: readonly string[],
): Promise<WindowFunnel> {
  const onList = and(isNotNull(waitlistEntries.confirmedAt), isNull(waitlistEntries.unsubscribedAt));
  const emailed = sql`${waitlistEntries.id} = any(${textArray(emailedEntryIds)}::text[])`;
  const clicked = sql`exists (select 1 from ${enrollLinkClicks} where ${enrollLinkClicks.windowId} = ${windowId}
    and ${enrollLinkClicks.waitlistEntryId} = ${waitlistEntries.id})`;
  const checkout = sql`exists (select 1 from ${checkoutSessions} where ${checkoutSessions.windowId} = ${windowId}
    and ${checkoutSessions.userId} = ${users.id})`;
  const paid = sql`exists (select 1 from ${subscriptions} where ${subscriptions.windowId} = ${windowId}
    and ${subscriptions.userId} = ${users.id})`;
  const count = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;
  // "From the waitlist" is anyone who confirmed an entry, even if she left the list since.
  const fromList = sql`exists (select 1 from ${waitlistEntries} where ${waitlistEntries.email} = ${users.email}
    and ${waitlistEntries.confirmedAt} is not null)`;
  const [[waitlist], [publicCheckout], [publicPaid]] = await Promise.all([
    db
      .select({
        waitlist: sql<number>`count(*)::int`,
        emailed: count(emailed),
        clicked: count(and(emailed, clicked) as SQL),
        checkout: count(and(emailed, clicked, checkout) as SQL),
        paid: count(and(emailed, clicked, checkout, paid) as SQL),
      })
      .from(waitlistEntries)
      .leftJoin(users, eq(users.email, waitlistEntries.email))
      .where(onList),
    db
      .select({
        n: sql<number>`(count(distinct ${checkoutSessions.anonymousId})
          + count(distinct ${checkoutSessions.userId}) filter (where not ${fromList}))::int`,
      })
      .from(checkoutSessions)
      .leftJoin(users, eq(users.id, checkoutSessions.userId))
      .where(eq(checkoutSessions.windowId, windowId)),
    db
      .select({
        fromList: sql<number>`(count(distinct ${subscriptions.userId}) filter (where ${fromList}))::int`,
        n: sql<number>`(count(distinct ${subscriptions.userId}) filter (where not ${fromList}))::int`,
      })
      .from(subscriptions)
      .innerJoin(users, eq(users.id, subscriptions.userId))
      .where(eq(subscriptions.windowId, windowId)),
  ]);
  return {
    waitlist: waitlist?.waitlist ?? 0,
    emailed: waitlist?.emailed ?? 0,
    clicked: waitlist?.clicked ?? 0,
    checkout: waitlist?.checkout ?? 0,
    paid: waitlist?.paid ?? 0,
    waitlistPaidOffPath: (publicPaid?.fromList ?? 0) - (waitlist?.paid ?? 0),
    public: { checkout: publicCheckout?.n ?? 0, paid: publicPaid?.n ?? 0 },
  };
}

/** A PostgreSQL text[] literal: one parameter however many ids (a long list of parameters has a limit). */
function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
}
