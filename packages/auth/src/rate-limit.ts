import type { Database } from "@academy/db/client";
import { rateLimitWindows } from "@academy/db/schema";
import { lt, sql } from "drizzle-orm";

export interface RateLimitRule {
  /** What is limited, e.g. `sign-in:email:ruth@example.com`. */
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window ends: the Retry-After when not allowed. */
  retryAfterSeconds: number;
}

/**
 * Counts one hit against a fixed window and says whether it is within the limit. One upsert, so
 * concurrent requests on any number of API instances count exactly.
 */
export async function consumeRateLimit(db: Database, rule: RateLimitRule, now: Date): Promise<RateLimitResult> {
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const [row] = await db
    .insert(rateLimitWindows)
    .values({ key: rule.key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitWindows.key, rateLimitWindows.windowStart],
      set: { hits: sql`${rateLimitWindows.hits} + 1` },
    })
    .returning({ hits: rateLimitWindows.hits });
  const hits = row?.hits ?? 1;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + rule.windowMs - now.getTime()) / 1000));
  return { allowed: hits <= rule.limit, retryAfterSeconds };
}

/** Deletes windows that ended before `before`; run now and then to keep the table small. */
export async function pruneRateLimits(db: Database, before: Date): Promise<void> {
  await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, before));
}
