/**
 * The state every part of the stand-in shares: the store, the simulated clock, the dunning rules and the
 * way events leave the building. Routes, hosted pages and the billing code all take it as their first
 * argument instead of reaching for module-level singletons, so two stand-ins can run side by side in tests.
 */
import type { SimulatedClock } from "./clock.ts";
import { type EventSink, recordEvent } from "./events.ts";
import type { StripeEvent } from "./objects.ts";
import type { Store } from "./store.ts";

/** What happens after a renewal payment fails. Stripe's defaults retry for about three weeks. */
export interface DunningPolicy {
  /** Days between payment retries. */
  retryIntervalDays: number;
  /** Retries after the first failed attempt; when the last one fails, the subscription gets `finalStatus`. */
  maxRetries: number;
  finalStatus: "canceled" | "unpaid";
}

export const DEFAULT_DUNNING: DunningPolicy = { retryIntervalDays: 3, maxRetries: 3, finalStatus: "unpaid" };

export interface Engine {
  readonly store: Store;
  readonly clock: SimulatedClock;
  readonly apiVersion: string;
  readonly dunning: DunningPolicy;
  /** The origin hosted pages are served from (`http://127.0.0.1:12111`), known once the server listens. */
  baseUrl: string;
  /** Unix seconds for objects on a test clock (its frozen time), or on the stand-in's clock for null. */
  timeFor(testClock: string | null): number;
  emit(type: string, object: object, options?: { previous?: Record<string, unknown>; at?: number }): StripeEvent;
  /**
   * Says that a stored object changed, for the one case persistence cannot see by itself: an object found
   * by scanning a collection (`values()`) and changed with no event naming it. Objects fetched by id,
   * stored, removed or named in an event need no call. Without `statePath` it does nothing.
   */
  touch(object: { id: string }): void;
}

export interface CreateEngineOptions {
  store: Store;
  clock: SimulatedClock;
  apiVersion: string;
  dunning: DunningPolicy;
  sink: EventSink;
  /** How many endpoints each new event is pending for (0 or 1). */
  pendingWebhooks: () => number;
  /** Notes a changed object for persistence (see `Engine.touch`). */
  touch?: (object: { id: string }) => void;
}

export function createEngine(options: CreateEngineOptions): Engine {
  const engine: Engine = {
    store: options.store,
    clock: options.clock,
    apiVersion: options.apiVersion,
    dunning: options.dunning,
    baseUrl: "http://127.0.0.1",
    timeFor(testClock) {
      const frozen = testClock === null ? undefined : options.store.testClocks.get(testClock)?.frozen_time;
      return frozen ?? options.clock.nowSeconds();
    },
    emit(type, object, emitOptions) {
      return recordEvent({
        store: options.store,
        apiVersion: options.apiVersion,
        type,
        object,
        previousAttributes: emitOptions?.previous,
        at: emitOptions?.at ?? options.clock.nowSeconds(),
        pendingWebhooks: options.pendingWebhooks(),
        sink: options.sink,
      });
    },
    touch: options.touch ?? (() => {}),
  };
  return engine;
}
