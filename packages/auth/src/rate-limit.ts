import type { Database } from "@academy/db/client";
import { rateLimitWindows } from "@academy/db/schema";
import { lte, sql } from "drizzle-orm";

/**
 * The longest window a rule may have. Rows keep only their window's start, so this is what tells the
 * pruning which windows surely no longer count, whatever rule counted them.
 */
export const MAX_RATE_LIMIT_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface RateLimitRule {
  /** What is limited, e.g. `sign-in:email:ruth@example.com`. */
  key: string;
  limit: number;
  /** At most MAX_RATE_LIMIT_WINDOW_MS. */
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window ends: the Retry-After when not allowed. */
  retryAfterSeconds: number;
}

/**
 * Counts one hit and says whether it is within the limit, over a sliding window: the hits of the current fixed
 * window plus the previous window's hits weighted by how much of it still lies inside the last `windowMs`
 * (as Cloudflare's rate limiter counts). A fixed window alone lets a burst at the end of one window and the
 * start of the next through at twice the limit. One upsert per hit, so concurrent requests on any number of
 * API instances count exactly.
 */
export async function consumeRateLimit(db: Database, rule: RateLimitRule, now: Date): Promise<RateLimitResult> {
  if (rule.windowMs > MAX_RATE_LIMIT_WINDOW_MS) {
    // A longer window would be pruned while it still counts, silently lifting the limit.
    throw new RangeError(
      `Rate limit windows are at most ${MAX_RATE_LIMIT_WINDOW_MS} ms; ${rule.key} asks for ${rule.windowMs}.`,
    );
  }
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const previousStart = new Date(windowStart.getTime() - rule.windowMs);
  // One statement: the upsert counts this hit and its RETURNING reads the previous window's hits.
  const [row] = await db
    .insert(rateLimitWindows)
    .values({ key: rule.key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitWindows.key, rateLimitWindows.windowStart],
      set: { hits: sql`${rateLimitWindows.hits} + 1` },
    })
    .returning({
      hits: rateLimitWindows.hits,
      previousHits: sql<
        number | null
      >`(select p.hits from ${rateLimitWindows} p where p.key = ${rule.key} and p.window_start = ${previousStart.toISOString()}::timestamptz)`,
    });
  const elapsed = (now.getTime() - windowStart.getTime()) / rule.windowMs;
  const hits = (row?.hits ?? 1) + Number(row?.previousHits ?? 0) * (1 - elapsed);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + rule.windowMs - now.getTime()) / 1000));
  return { allowed: hits <= rule.limit, retryAfterSeconds };
}

/**
 * Deletes the windows that no longer count by `now`, whatever their rule: a window weighs in until the end of
 * the window after it, so those that started at least twice the longest window ago. The platform's
 * maintenance job runs it hourly.
 */
export async function pruneRateLimits(db: Database, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - 2 * MAX_RATE_LIMIT_WINDOW_MS);
  await db.delete(rateLimitWindows).where(lte(rateLimitWindows.windowStart, cutoff));
}
