/**
 * A first-come, first-served pacer: calls start at least 1000 / perSecond ms apart, measured on the
 * actual start times (a late timer never lets two starts bunch up), so no second ever holds more than
 * `perSecond` of them. It keeps checkout-session creation under Stripe's per-endpoint limit (25/s)
 * during a doors-open rush.
 */
export interface RateLimiter {
  /** Waits for this caller's turn and returns when it started (performance.now()); rejects when the queue is too long. */
  take(): Promise<number>;
  /** Callers waiting now. */
  readonly waiting: number;
}

export class QueueFullError extends Error {
  override name = "QueueFullError";
}

export function createRateLimiter(options: { perSecond: number; maxWaitMs: number }): RateLimiter {
  const interval = 1000 / options.perSecond;
  let lastStart = Number.NEGATIVE_INFINITY;
  let waiting = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function waitForTurn(): Promise<number> {
    for (;;) {
      const now = performance.now();
      const earliest = lastStart + interval;
      if (now >= earliest) {
        lastStart = now;
        return now;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(earliest - now)));
    }
  }

  return {
    get waiting() {
      return waiting;
    },
    async take() {
      if ((waiting + 1) * interval > options.maxWaitMs) {
        throw new QueueFullError("Too many people are enrolling at this moment.");
      }
      waiting++;
      const turn = queue.then(waitForTurn);
      queue = turn.catch(() => {});
      try {
        return await turn;
      } finally {
        waiting--;
      }
    },
  };
}
