import { eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { checkoutSessions, subscriptions } from "../schema/billing.ts";
import { enrollLinkClicks } from "../schema/launch.ts";
import { waitlistEntries } from "../schema/waitlist.ts";

/** Records that she opened her personal link for this window (the first time counts). */
export async function recordEnrollLinkClick(db: Database, windowId: string, waitlistEntryId: string): Promise<void> {
  await db.insert(enrollLinkClicks).values({ windowId, waitlistEntryId }).onConflictDoNothing();
}

export interface WindowFunnel {
  /** Subscribed waitlist members now. */
  waitlist: number;
  /** Of them, who opened her personal enroll link. */
  clicked: number;
  /** People sent to a checkout page for this window. */
  checkout: number;
  /** People who became members through this window (whatever their membership is now). */
  members: number;
}

/** The coach's funnel for one window: waitlist → clicked → checkout → member. */
export async function loadWindowFunnel(db: Database, windowId: string): Promise<WindowFunnel> {
  const count = sql<number>`count(*)::int`;
  const [waitlist, clicked, checkout, members] = await Promise.all([
    db.select({ n: count }).from(waitlistEntries).where(isNull(waitlistEntries.unsubscribedAt)),
    db.select({ n: count }).from(enrollLinkClicks).where(eq(enrollLinkClicks.windowId, windowId)),
    db
      .select({ n: sql<number>`count(distinct ${checkoutSessions.userId})::int` })
      .from(checkoutSessions)
      .where(eq(checkoutSessions.windowId, windowId)),
    db
      .select({ n: sql<number>`count(distinct ${subscriptions.userId})::int` })
      .from(subscriptions)
      .where(eq(subscriptions.windowId, windowId)),
  ]);
  return {
    waitlist: waitlist[0]?.n ?? 0,
    clicked: clicked[0]?.n ?? 0,
    checkout: checkout[0]?.n ?? 0,
    members: members[0]?.n ?? 0,
  };
}
