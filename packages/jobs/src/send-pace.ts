import type { SqlSession } from "./database-adapter.ts";

/**
 * A send rate shared by every instance through PostgreSQL (`jobs.send_pace`): mail providers cap messages
 * per second per account, not per process, so two instances sending two campaigns at once share one pace.
 *
 * A sender reserves a run of turns for a whole batch in one statement (the lane's next free moment moves on
 * by `count` intervals), then starts message i of the batch at `first + i × interval`. Reservations never
 * overlap, whichever instance makes them, and the database's clock is the only one read.
 *
 * @example
 * const pace = createSendPace(session, { lane: "email", perSecond: 14 });
 * const startAt = await pace.reserve(batch.length); // startAt(i): performance.now() time of message i
 * await pace.waitFor(startAt(i));
 */
export interface SendPace {
  /** Reserves `count` consecutive turns; returns when (performance.now()) the i-th may start. */
  reserve(count: number): Promise<(index: number) => number>;
}

export interface SendPaceOptions {
  /** The pace's name: every sender on one lane shares its rate. */
  lane: string;
  perSecond: number;
}

export function createSendPace(session: SqlSession, options: SendPaceOptions): SendPace {
  const intervalMs = 1000 / options.perSecond;
  return {
    async reserve(count) {
      const [row] = await session.query<{ waitMs: number }>(
        `WITH turn AS (
           INSERT INTO jobs.send_pace AS pace (lane, next_at)
           VALUES ($1, clock_timestamp() + $2::float8 * interval '1 millisecond')
           ON CONFLICT (lane) DO UPDATE
             SET next_at = greatest(pace.next_at, clock_timestamp()) + $2::float8 * interval '1 millisecond'
           RETURNING next_at
         )
         SELECT (extract(epoch FROM (next_at - $2::float8 * interval '1 millisecond') - clock_timestamp()) * 1000)::float8
           AS "waitMs"
         FROM turn`,
        [options.lane, count * intervalMs],
      );
      const first = performance.now() + Math.max(0, Number(row?.waitMs ?? 0));
      return (index) => first + index * intervalMs;
    },
  };
}

/** Resolves at `startAt` (a performance.now() time), at once if it has passed; stops early on abort. */
export async function waitUntil(startAt: number, signal?: AbortSignal): Promise<void> {
  const waitMs = startAt - performance.now();
  if (waitMs <= 0 || signal?.aborted) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, waitMs);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
