import { eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { emailBounceCounts, emailWebhookReceipts } from "../schema/deliverability.ts";

export interface RecordReceiptParams {
  provider: string;
  eventId: string;
  at: Date;
}

/** Records a webhook delivery by the provider's id; false when it was recorded before (a retry). */
export async function recordWebhookReceipt(db: Database, params: RecordReceiptParams): Promise<boolean> {
  const inserted = await db
    .insert(emailWebhookReceipts)
    .values({ provider: params.provider, eventId: params.eventId, receivedAt: params.at })
    .onConflictDoNothing()
    .returning({ eventId: emailWebhookReceipts.eventId });
  return inserted.length > 0;
}

export type BounceKind = "soft_bounce" | "hard_bounce" | "complaint";

/** Adds one to an address's count of this kind of event. */
export async function countBounce(db: Database, params: { email: string; kind: BounceKind; at: Date }) {
  await db
    .insert(emailBounceCounts)
    .values({
      email: params.email,
      softBounces: params.kind === "soft_bounce" ? 1 : 0,
      hardBounces: params.kind === "hard_bounce" ? 1 : 0,
      complaints: params.kind === "complaint" ? 1 : 0,
      lastEventAt: params.at,
    })
    .onConflictDoUpdate({
      target: emailBounceCounts.email,
      set: {
        softBounces: sql`${emailBounceCounts.softBounces} + excluded.soft_bounces`,
        hardBounces: sql`${emailBounceCounts.hardBounces} + excluded.hard_bounces`,
        complaints: sql`${emailBounceCounts.complaints} + excluded.complaints`,
        lastEventAt: sql`greatest(${emailBounceCounts.lastEventAt}, excluded.last_event_at)`,
        updatedAt: sql`now()`,
      },
    });
}

export async function getBounceCounts(db: Database, email: string) {
  const [row] = await db
    .select({
      softBounces: emailBounceCounts.softBounces,
      hardBounces: emailBounceCounts.hardBounces,
      complaints: emailBounceCounts.complaints,
    })
    .from(emailBounceCounts)
    .where(eq(emailBounceCounts.email, email));
  return row;
}
