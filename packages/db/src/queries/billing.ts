import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { subscriptions } from "../schema/billing.ts";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/**
 * Her subscription that decides membership: a live one (active, trialing, past_due, paused) before any
 * ended one, the most recently updated first.
 */
export async function findCurrentSubscription(db: Database, userId: string): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .orderBy(
      sql`case when ${subscriptions.status} in ('active', 'trialing', 'past_due', 'paused') then 0 else 1 end`,
      desc(subscriptions.updatedAt),
    )
    .limit(1);
  return row;
}

export type SubscriptionParams = Omit<SubscriptionRow, "createdAt" | "updatedAt">;

/** Writes Stripe's current state of a subscription over ours. */
export async function saveSubscription(db: Database, params: SubscriptionParams): Promise<void> {
  const { id, ...rest } = params;
  await db
    .insert(subscriptions)
    .values(params)
    .onConflictDoUpdate({ target: subscriptions.id, set: { ...rest, updatedAt: new Date() } });
}
