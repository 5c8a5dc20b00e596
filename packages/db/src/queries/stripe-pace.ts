import { sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { stripePace } from "../schema/billing.ts";

/** The lane of the budget summed over every endpoint. */
export const ALL_STRIPE_CALLS = "all";

export interface ReserveStripeTurnParams {
  /** The endpoint's lane, e.g. `checkout_sessions`. */
  lane: string;
  /** Time between two starts on this endpoint. */
  laneIntervalMs: number;
  /** Time between two starts of any Stripe call (the global budget). */
  allIntervalMs: number;
  /** A turn further away than this is not taken (nothing is reserved). */
  maxAheadMs: number;
}

export interface StripeTurn {
  /** True when the turn was reserved: the caller starts in `waitMs`. */
  taken: boolean;
  /** How long from now (the database's clock) until the turn, taken or not. */
  waitMs: number;
}

/** Creates the lanes once; a lane that exists keeps its next turn. */
export async function ensureStripeLanes(db: Database, lanes: string[]): Promise<void> {
  await db
    .insert(stripePace)
    .values([ALL_STRIPE_CALLS, ...lanes].map((lane) => ({ lane, nextAt: new Date(0) })))
    .onConflictDoNothing();
}

/**
 * Reserves the next turn of one endpoint within the global budget, in one statement: both lanes are locked
 * (the `all` lane first, so two callers never wait on each other crosswise), the turn is the later of their
 * next turns and now, and each lane moves on by its interval from it. The database's clock is the only one
 * read, so instances whose clocks differ still keep the pace; the caller sleeps `waitMs` on her own.
 */
export async function reserveStripeTurn(db: Database, params: ReserveStripeTurnParams): Promise<StripeTurn> {
  const { lane, laneIntervalMs, allIntervalMs, maxAheadMs } = params;
  const result: unknown = await db.execute(sql`
    with lanes as (
      select lane, next_at from stripe_pace where lane in (${ALL_STRIPE_CALLS}, ${lane}) order by lane for update
    ), clock as (
      select clock_timestamp() as now
    ), turn as (
      select greatest(max(lanes.next_at), clock.now) as at, clock.now from lanes, clock group by clock.now
    ), taken as (
      update stripe_pace as pace
      set next_at = turn.at + (case when pace.lane = ${ALL_STRIPE_CALLS} then ${allIntervalMs}::float8 else ${laneIntervalMs}::float8 end) * interval '1 millisecond'
      from turn
      where pace.lane in (${ALL_STRIPE_CALLS}, ${lane}) and turn.at <= turn.now + ${maxAheadMs}::float8 * interval '1 millisecond'
      returning pace.lane
    )
    select (extract(epoch from turn.at - turn.now) * 1000)::float8 as "waitMs", (select count(*) from taken)::int as taken
    from turn`);
  const [row] = rowsOf<{ waitMs: number; taken: number }>(result);
  if (!row) throw new Error(`reserveStripeTurn: the lanes ${ALL_STRIPE_CALLS} and ${lane} do not exist`);
  return { taken: row.taken > 0, waitMs: Math.max(0, Number(row.waitMs)) };
}

/** postgres-js answers with the rows, PGlite with { rows }. */
function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
