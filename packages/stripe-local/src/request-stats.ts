/**
 * A request meter: requests per endpoint and the busiest second of each, so a benchmark can show, for
 * example, that checkout-session creation stays under a budget. Optionally it also enforces a rate limit
 * like Stripe's (25 requests per second in test mode) to show how the app behaves when it is hit.
 */

export interface EndpointStats {
  /** Requests since start (or the last reset). */
  total: number;
  /** The most requests seen within one wall-clock second. */
  peakPerSecond: number;
}

export interface RequestMeter {
  /** Counts a request; returns false when an API request (`rateLimited`) is over the rate limit. */
  record(endpoint: string, rateLimited: boolean): boolean;
  stats(): Record<string, EndpointStats>;
  reset(): void;
}

interface EndpointCounter {
  total: number;
  peak: number;
  second: number;
  inSecond: number;
}

export function createRequestMeter(options: { nowMs: () => number; rateLimitPerSecond: number | null }): RequestMeter {
  const counters = new Map<string, EndpointCounter>();
  // Timestamps of the requests in the last second, across all endpoints, for the sliding-window limit.
  let recent: number[] = [];
  return {
    record(endpoint, rateLimited) {
      const now = options.nowMs();
      const second = Math.floor(now / 1000);
      const counter = counters.get(endpoint) ?? { total: 0, peak: 0, second, inSecond: 0 };
      if (counter.second !== second) {
        counter.second = second;
        counter.inSecond = 0;
      }
      counter.total += 1;
      counter.inSecond += 1;
      counter.peak = Math.max(counter.peak, counter.inSecond);
      counters.set(endpoint, counter);
      if (options.rateLimitPerSecond === null || !rateLimited) return true;
      recent = recent.filter((time) => now - time < 1000);
      if (recent.length >= options.rateLimitPerSecond) return false;
      recent.push(now);
      return true;
    },
    stats() {
      return Object.fromEntries(
        [...counters].map(([endpoint, counter]) => [endpoint, { total: counter.total, peakPerSecond: counter.peak }]),
      );
    },
    reset() {
      counters.clear();
      recent = [];
    },
  };
}

/**
 * The endpoint a request belongs to, with ids replaced by `:id` (`POST /v1/subscriptions/:id`), so that
 * requests for different objects count together.
 */
export function describeEndpoint(method: string, path: string): string {
  const pattern = path
    .split("/")
    .map((segment) => (/^[a-z]+_(test_)?[A-Za-z0-9]{8,}$/.test(segment) ? ":id" : segment))
    .join("/");
  return `${method} ${pattern}`;
}
