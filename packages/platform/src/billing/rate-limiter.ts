/**
 * A pacer with two lines: calls start at least 1000 / perSecond ms apart, measured on the actual start
 * times (a late timer never lets two starts bunch up), so no second ever holds more than `perSecond` of
 * them. It keeps checkout-session creation under Stripe's per-endpoint limit (25/s) during a doors-open
 * rush. Each line is first come, first served, and at every turn the proven line goes first: someone who
 * has shown who she is (signed in, or her personal link) waits only for other proven callers, however many
 * anonymous ones are queued, so a flood of made-up clicks cannot hold her up.
 */
export interface RateLimiter {
  /**
   * Waits for this caller's turn and returns when it started (performance.now()); rejects with
   * QueueFullError when her wait would be longer than the pacer allows.
   */
  take(priority?: Priority): Promise<number>;
  /** Callers waiting now, in both lines. */
  readonly waiting: number;
}

/** Which line a caller waits in: proven callers (session or personal link) go before anonymous ones. */
export type Priority = "proven" | "anonymous";

export class QueueFullError extends Error {
  override name = "QueueFullError";
}

export function createRateLimiter(options: { perSecond: number; maxWaitMs: number }): RateLimiter {
  const interval = 1000 / options.perSecond;
  let lastStart = Number.NEGATIVE_INFINITY;
  const lines: Record<Priority, ((startedAt: number) => void)[]> = { proven: [], anonymous: [] };
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Starts every caller whose turn has come, proven first, and sets a timer for the next turn. */
  function serve() {
    timer = undefined;
    for (;;) {
      const line = lines.proven.length > 0 ? lines.proven : lines.anonymous;
      if (line.length === 0) return;
      const now = performance.now();
      const earliest = lastStart + interval;
      if (now < earliest) {
        // The line is chosen again when the timer fires: a proven caller who arrives meanwhile goes first.
        timer = setTimeout(serve, Math.ceil(earliest - now));
        return;
      }
      lastStart = now;
      line.shift()?.(now);
    }
  }

  return {
    get waiting() {
      return lines.proven.length + lines.anonymous.length;
    },
    take(priority = "proven") {
      // A proven caller waits behind proven callers only; an anonymous one behind everyone.
      const ahead = priority === "proven" ? lines.proven.length : lines.proven.length + lines.anonymous.length;
      if ((ahead + 1) * interval > options.maxWaitMs) {
        return Promise.reject(new QueueFullError("Too many people are enrolling at this moment."));
      }
      return new Promise<number>((resolve) => {
        lines[priority].push(resolve);
        if (timer === undefined) serve();
      });
    },
  };
}
