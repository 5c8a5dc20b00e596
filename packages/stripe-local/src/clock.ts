/**
 * Time for the stand-in. Stripe bills on its own clock; here one simulated clock (the app's clock, or the
 * system's, plus an offset that only moves forward) stands in for it, so tests can jump a month ahead and
 * watch renewals happen. Stripe's test clocks, which freeze time for the customers attached to them, live
 * in the store as ordinary objects.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface SimulatedClock extends Clock {
  /** The simulated time in Unix seconds, the unit of every Stripe timestamp. */
  nowSeconds(): number;
  /** Moves time forward: a number of days, or to a point in time. */
  advance(by: number | Date): Date;
  /** How far ahead of its base clock `advance` has moved it, in milliseconds (kept across restarts). */
  offsetMs(): number;
}

const SECONDS_PER_DAY = 86_400;

export function createSimulatedClock(base: Clock = systemClock, initialOffsetMs = 0): SimulatedClock {
  let offsetMs = initialOffsetMs;
  const now = () => new Date(base.now().getTime() + offsetMs);
  return {
    now,
    nowSeconds: () => toUnixSeconds(now()),
    advance(by) {
      const current = now().getTime();
      const target = typeof by === "number" ? current + by * SECONDS_PER_DAY * 1000 : by.getTime();
      if (!Number.isFinite(target) || target < current) {
        throw new RangeError(`Time only moves forward: cannot go from ${now().toISOString()} to ${String(by)}.`);
      }
      offsetMs += target - current;
      return now();
    },
    offsetMs: () => offsetMs,
  };
}

export function toUnixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export type BillingInterval = "day" | "week" | "month" | "year";

/**
 * The end of the `count`-th billing interval after `anchor` (Unix seconds). Months are counted from the
 * anchor, not chained, and clamped to the month's last day, as Stripe does: a subscription started on
 * 31 January renews on 28 (or 29) February, then on 31 March.
 */
export function addBillingIntervals(anchor: number, interval: BillingInterval, count: number): number {
  if (interval === "day") return anchor + count * SECONDS_PER_DAY;
  if (interval === "week") return anchor + count * 7 * SECONDS_PER_DAY;
  const months = interval === "year" ? count * 12 : count;
  const start = new Date(anchor * 1000);
  const monthIndex = start.getUTCMonth() + months;
  const year = start.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return toUnixSeconds(
    new Date(Date.UTC(year, month, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds())),
  );
}
