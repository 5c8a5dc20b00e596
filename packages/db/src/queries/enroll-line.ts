import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { enrollOpenings } from "../schema/enrollment.ts";

export type LinePriority = "proven" | "anonymous";
export type OpeningState = (typeof enrollOpenings.$inferSelect)["state"];

/** Her row in the line, if she has one for this window. */
export interface LineOpening {
  priority: LinePriority;
  number: number;
  state: OpeningState;
}

/** The first and last numbers under way (waiting or opening) in one priority's line; 0 when it is empty. */
export interface LineSpan {
  first: number;
  last: number;
}

/** What one look at the line reads, in one statement: her row, and both lines under way. */
export interface LineFigures {
  mine: LineOpening | undefined;
  proven: LineSpan;
  anonymous: LineSpan;
}

export interface LinePlaceParams {
  holder: string;
  windowId: string;
}

export interface JoinLineParams extends LinePlaceParams {
  priority: LinePriority;
  prefillEmail: string | undefined;
}

/** A claimed opening: whose, and what to prefill. */
export interface ClaimedOpening {
  holder: string;
  windowId: string;
  priority: LinePriority;
  prefillEmail: string | null;
}

const UNDER_WAY = sql`('waiting', 'opening')`;

/** Her row and the spans of both lines, read together (min and max come from the under-way index). */
export async function readLine(db: Database, params: LinePlaceParams): Promise<LineFigures> {
  const result: unknown = await db.execute(sql`
    select
      (select json_build_object('priority', priority, 'number', number, 'state', state)
         from enroll_openings where holder = ${params.holder} and window_id = ${params.windowId}) as mine,
      (select json_build_object('first', coalesce(min(number), 0), 'last', coalesce(max(number), 0))
         from enroll_openings where priority = 'proven' and state in ${UNDER_WAY}) as proven,
      (select json_build_object('first', coalesce(min(number), 0), 'last', coalesce(max(number), 0))
         from enroll_openings where priority = 'anonymous' and state in ${UNDER_WAY}) as anonymous`);
  const [row] = rowsOf<{ mine: unknown; proven: unknown; anonymous: unknown }>(result);
  const json = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;
  const mine = row?.mine ? json<LineOpening>(row.mine) : undefined;
  const span = (value: unknown): LineSpan => {
    const parsed = json<{ first: number | string; last: number | string } | null>(value);
    return { first: Number(parsed?.first ?? 0), last: Number(parsed?.last ?? 0) };
  };
  return {
    mine: mine ? { ...mine, number: Number(mine.number) } : undefined,
    proven: span(row?.proven),
    anonymous: span(row?.anonymous),
  };
}

/**
 * Puts her in line: a new row with the next number of her priority, or her finished row (open or failed)
 * started again with a new one. A row under way is left as it is (she is in line already): the number is
 * only drawn when a row is written, so repeat clicks leave no gaps in the line.
 */
export async function joinLine(db: Database, params: JoinLineParams): Promise<void> {
  const sequence = params.priority === "proven" ? "enroll_proven_numbers" : "enroll_anonymous_numbers";
  await db.execute(sql`
    insert into enroll_openings (holder, window_id, priority, number, state, prefill_email, started_at)
    select ${params.holder}, ${params.windowId}, ${params.priority}, nextval(${sequence}::regclass), 'waiting',
      ${params.prefillEmail ?? null}, clock_timestamp()
    where not exists (
      select 1 from enroll_openings
      where holder = ${params.holder} and window_id = ${params.windowId} and state in ${UNDER_WAY})
    on conflict (holder, window_id) do update set
      priority = excluded.priority, number = excluded.number, state = 'waiting',
      prefill_email = excluded.prefill_email, started_at = excluded.started_at,
      lease_holder = null, lease_until = null, finished_at = null
    where enroll_openings.state not in ${UNDER_WAY}`);
}

/**
 * Claims the next opening for this instance under a lease: proven before anonymous, then by number, and an
 * opening whose lease ran out (its instance died) counts as waiting, so it is taken over at its place.
 * SKIP LOCKED lets instances claim at the same moment without waiting on each other.
 */
export async function claimNextOpening(
  db: Database,
  params: { instance: string; leaseMs: number; provenOnly?: boolean },
): Promise<ClaimedOpening | undefined> {
  const result: unknown = await db.execute(sql`
    update enroll_openings as opening
    set state = 'opening', lease_holder = ${params.instance},
      lease_until = clock_timestamp() + ${params.leaseMs}::float8 * interval '1 millisecond'
    from (
      select holder, window_id from enroll_openings
      where state in ${UNDER_WAY} and (state = 'waiting' or lease_until < clock_timestamp())
        and (priority = 'proven' or not ${params.provenOnly ?? false}::boolean)
      order by priority desc, number
      limit 1
      for update skip locked
    ) as next
    where opening.holder = next.holder and opening.window_id = next.window_id
    returning opening.holder, opening.window_id as "windowId", opening.priority, opening.prefill_email as "prefillEmail"`);
  return rowsOf<ClaimedOpening>(result)[0];
}

/** Renews the leases of the openings this instance is working on: they are not taken over while it lives. */
export async function renewLeases(db: Database, params: { instance: string; leaseMs: number }): Promise<void> {
  await db.execute(sql`
    update enroll_openings
    set lease_until = clock_timestamp() + ${params.leaseMs}::float8 * interval '1 millisecond'
    where lease_holder = ${params.instance} and state = 'opening'`);
}

/** Her opening is over (her checkout is open, or it failed); only the instance holding it records that. */
export async function finishOpening(
  db: Database,
  params: LinePlaceParams & { instance: string; outcome: "open" | "failed" },
): Promise<void> {
  await db
    .update(enrollOpenings)
    .set({ state: params.outcome, finishedAt: sql`clock_timestamp()`, leaseHolder: null, leaseUntil: null })
    .where(
      and(
        eq(enrollOpenings.holder, params.holder),
        eq(enrollOpenings.windowId, params.windowId),
        eq(enrollOpenings.leaseHolder, params.instance),
        eq(enrollOpenings.state, "opening"),
      ),
    );
}

/**
 * Takes her out of line again while nobody has claimed her opening: she joined at the same moment as others
 * and came after the line's cap. An opening already claimed goes on.
 */
export async function withdrawFromLine(db: Database, params: LinePlaceParams): Promise<void> {
  await db
    .update(enrollOpenings)
    .set({ state: "failed", finishedAt: sql`clock_timestamp()` })
    .where(
      and(
        eq(enrollOpenings.holder, params.holder),
        eq(enrollOpenings.windowId, params.windowId),
        eq(enrollOpenings.state, "waiting"),
      ),
    );
}

/** postgres-js answers with the rows, PGlite with { rows }. */
function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
