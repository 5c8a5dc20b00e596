/**
 * A pacer of one Stripe endpoint, shared by every instance through PostgreSQL (the `stripe_pace` table):
 * calls start at least 1000 / perSecond ms apart on the endpoint, and 1000 / allPerSecond ms apart summed
 * over every endpoint (Stripe's limit is per account, 25/s in a sandbox), whichever instance makes them.
 * It keeps a doors-open rush under Stripe's limits however many instances serve it.
 *
 * A caller reserves her turn in one statement (see reserveStripeTurn) and sleeps until it: no transaction
 * is held across the sleep, so PGlite's single connection is never blocked.
 *
 * Proven callers go first. A proven caller reserves the next free turn, however far (up to maxWaitMs). An
 * anonymous one may only take a turn that starts within ANONYMOUS_LOOKAHEAD_MS: she never books the pace
 * ahead, so a proven caller who comes later finds at most that much of it taken by anonymous callers, and
 * however many anonymous callers wait, they cannot hold her up. Anonymous callers of one instance wait in a
 * local line, served first come first served by one loop that asks again when the pace has room (one
 * statement per turn, not one per waiting caller). Waiting callers are not state: the turns are.
 *
 * A turn is reserved on the database's clock and slept for on the instance's: a timer that fires late (a
 * busy event loop, PGlite working in this very thread) would start calls bunched up with the turns after
 * them, on this instance or another. So a caller who wakes more than LATE_TOLERANCE of an interval after her
 * turn has missed it and reserves another, and each instance also keeps its own calls apart, measured on
 * their actual start times (`LocalStarts`, one per instance), as the in-process pacer of one instance did.
 */
import type { Database } from "@academy/db/client";
import { ensureStripeLanes, reserveStripeTurn } from "@academy/db/queries/stripe-pace";

export interface RateLimiter {
  /**
   * Waits for this caller's turn and returns when it started (performance.now()); rejects with
   * QueueFullError when her turn would be further away than the pacer allows.
   */
  take(priority?: Priority): Promise<number>;
  /** Callers of this instance waiting now, in both lines. */
  readonly waiting: number;
}

/** Which line a caller waits in: proven callers (session or personal link) go before anonymous ones. */
export type Priority = "proven" | "anonymous";

export class QueueFullError extends Error {
  override name = "QueueFullError";
}

/** The furthest ahead an anonymous caller may book a turn: a proven caller waits at most this long for them. */
export const ANONYMOUS_LOOKAHEAD_MS = 250;

/** How late, in intervals of the budget, a caller may still use her turn; later, she reserves another. */
const LATE_TOLERANCE = 0.5;
/** Turns a caller may miss before she goes on the next whatever: a busy instance still gets its calls made. */
const MAX_MISSED_TURNS = 2;

/** When this instance last started a call: on one endpoint, and on any (shared by an instance's pacers). */
export interface LocalStarts {
  last: number;
}

export interface SharedPacerOptions {
  /** The endpoint's lane in stripe_pace, e.g. `checkout_sessions`. */
  lane: string;
  /** Calls per second on this endpoint. */
  perSecond: number;
  /** Calls per second summed over every endpoint. */
  allPerSecond: number;
  /** The longest a proven caller is kept waiting for her turn. */
  maxWaitMs: number;
  /** This instance's last start of any call, shared by its pacers (default: this pacer's own). */
  allStarts?: LocalStarts;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSharedPacer(db: Database, options: SharedPacerOptions): RateLimiter {
  const laneIntervalMs = 1000 / options.perSecond;
  const allIntervalMs = 1000 / options.allPerSecond;
  let lanesReady: Promise<void> | undefined;
  const ready = () => {
    lanesReady ??= ensureStripeLanes(db, [options.lane]).catch((error: unknown) => {
      lanesReady = undefined;
      throw error;
    });
    return lanesReady;
  };
  const reserve = async (maxAheadMs: number) => {
    await ready();
    return reserveStripeTurn(db, { lane: options.lane, laneIntervalMs, allIntervalMs, maxAheadMs });
  };
  const laneStarts: LocalStarts = { last: Number.NEGATIVE_INFINITY };
  const allStarts = options.allStarts ?? { last: Number.NEGATIVE_INFINITY };
  /** After her reserved turn: no sooner than the interval after this instance's own last starts. */
  async function startApart(): Promise<number> {
    for (;;) {
      const now = performance.now();
      const earliest = Math.max(laneStarts.last + laneIntervalMs, allStarts.last + allIntervalMs);
      if (now >= earliest) {
        laneStarts.last = now;
        allStarts.last = now;
        return now;
      }
      await sleep(Math.ceil(earliest - now));
    }
  }
  /** Sleeps until her turn; false when she woke too late to use it (it went by while this instance was busy). */
  async function reachedInTime(turnAt: number, missed: number): Promise<boolean> {
    const waitMs = turnAt - performance.now();
    if (waitMs > 0) await sleep(waitMs);
    // An instance too busy to wake in time for any turn still makes its calls, after MAX_MISSED_TURNS.
    if (missed >= MAX_MISSED_TURNS) return true;
    return performance.now() - turnAt <= LATE_TOLERANCE * Math.min(laneIntervalMs, allIntervalMs);
  }
  let proven = 0;
  const anonymous: { resolve: (waitMs: number) => void; reject: (error: unknown) => void }[] = [];
  let serving = false;

  /** Gives anonymous callers their turns, in order, whenever the pace has room within the look-ahead. */
  async function serveAnonymous() {
    if (serving) return;
    serving = true;
    try {
      while (anonymous.length > 0) {
        const turn = await reserve(ANONYMOUS_LOOKAHEAD_MS);
        if (!turn.taken) {
          // Booked further ahead than the look-ahead: ask again once it comes within it.
          await sleep(Math.max(laneIntervalMs, turn.waitMs - ANONYMOUS_LOOKAHEAD_MS));
          continue;
        }
        const caller = anonymous.shift();
        caller?.resolve(turn.waitMs);
      }
    } catch (error) {
      for (const caller of anonymous.splice(0)) caller.reject(error);
    } finally {
      serving = false;
    }
  }

  return {
    get waiting() {
      return proven + anonymous.length;
    },
    async take(priority = "proven") {
      if (priority === "anonymous") {
        // Her local line's own length is enough to tell she would wait too long.
        if ((anonymous.length + 1) * laneIntervalMs > options.maxWaitMs) {
          throw new QueueFullError("Too many people are enrolling at this moment.");
        }
        for (let missed = 0; ; missed++) {
          const turn = new Promise<number>((resolve, reject) => anonymous.push({ resolve, reject }));
          void serveAnonymous();
          const turnAt = performance.now() + (await turn);
          if (await reachedInTime(turnAt, missed)) return startApart();
        }
      }
      proven++;
      try {
        for (let missed = 0; ; missed++) {
          const turn = await reserve(options.maxWaitMs);
          if (!turn.taken) throw new QueueFullError("Too many people are enrolling at this moment.");
          if (await reachedInTime(performance.now() + turn.waitMs, missed)) return await startApart();
        }
      } finally {
        proven--;
      }
    },
  };
}
