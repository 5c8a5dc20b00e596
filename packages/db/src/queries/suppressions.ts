import { inArray, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { emailSuppressions, type SuppressionReason } from "../schema/audience.ts";

export interface SuppressAddressParams {
  /** Already normalised: trimmed and lower-cased. */
  email: string;
  reason: SuppressionReason;
  source: string;
  at: Date;
}

/**
 * Adds addresses to the suppression list in one statement. An address already there keeps its first
 * reason, source and date: replays and re-imports change nothing. Returns the addresses this call added.
 */
export async function insertSuppressions(db: Database, rows: readonly SuppressAddressParams[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const unique = new Map(rows.map((row) => [row.email, row]));
  const given = [...unique.values()];
  const added = await db
    .insert(emailSuppressions)
    .select(sql`
      select email, reason, source, suppressed_at, now(), now()
      from unnest(
        ${sql.param(given.map((row) => row.email))}::text[],
        ${sql.param(given.map((row) => row.reason))}::text[],
        ${sql.param(given.map((row) => row.source))}::text[],
        ${sql.param(given.map((row) => row.at.toISOString()))}::text[]::timestamptz[]
      ) as given(email, reason, source, suppressed_at)`)
    .onConflictDoNothing({ target: emailSuppressions.email })
    .returning({ email: emailSuppressions.email });
  return new Set(added.map((row) => row.email));
}

/**
 * The suppression reason of each given (normalised) address that is suppressed. In chunks, so each
 * statement's parameter stays small on both drivers whatever the caller hands in.
 */
export async function selectSuppressionReasons(
  db: Database,
  emails: readonly string[],
): Promise<Map<string, SuppressionReason>> {
  const found = new Map<string, SuppressionReason>();
  for (let start = 0; start < emails.length; start += 5_000) {
    const rows = await db
      .select({ email: emailSuppressions.email, reason: emailSuppressions.reason })
      .from(emailSuppressions)
      .where(inArray(emailSuppressions.email, emails.slice(start, start + 5_000)));
    for (const row of rows) found.set(row.email, row.reason);
  }
  return found;
}

export async function countSuppressionsByReason(db: Database): Promise<Record<string, number>> {
  const rows = await db
    .select({ reason: emailSuppressions.reason, count: sql<number>`count(*)::int` })
    .from(emailSuppressions)
    .groupBy(emailSuppressions.reason);
  return Object.fromEntries(rows.map((row) => [row.reason, Number(row.count)]));
}
