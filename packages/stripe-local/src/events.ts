/**
 * Events: every state change is recorded as a Stripe `event` (readable at `/v1/events`) and handed to the
 * webhook dispatcher. The request that caused an event is found through AsyncLocalStorage, so billing code
 * does not have to thread request ids through every call.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createId } from "./ids.ts";
import type { StripeEvent } from "./objects.ts";
import type { Store } from "./store.ts";

export interface RequestContext {
  id: string;
  idempotencyKey: string | null;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, run: () => T): T {
  return requestContext.run(context, run);
}

/** Called with each new event, e.g. to deliver it to the webhook endpoint. */
export type EventSink = (event: StripeEvent) => void;

export interface RecordEventParams {
  store: Store;
  apiVersion: string;
  type: string;
  object: unknown;
  previousAttributes?: Record<string, unknown> | undefined;
  /** Unix seconds; the event's `created`. */
  at: number;
  pendingWebhooks: number;
  sink: EventSink;
}

/** Records an event with a snapshot of the object as it is now, and passes it on for delivery. */
export function recordEvent(params: RecordEventParams): StripeEvent {
  const context = requestContext.getStore();
  const data: StripeEvent["data"] = { object: structuredClone(params.object) };
  if (params.previousAttributes !== undefined) data.previous_attributes = structuredClone(params.previousAttributes);
  const event: StripeEvent = {
    id: createId("evt"),
    object: "event",
    api_version: params.apiVersion,
    created: params.at,
    data,
    livemode: false,
    pending_webhooks: params.pendingWebhooks,
    request: { id: context?.id ?? null, idempotency_key: context?.idempotencyKey ?? null },
    type: params.type,
  };
  params.store.events.set(event.id, event);
  params.sink(event);
  return event;
}

/**
 * The top-level fields that changed between two snapshots, with their old values: Stripe's
 * `data.previous_attributes` on `*.updated` events.
 */
export function diffPreviousAttributes(before: object, after: object): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const beforeEntries = before as Record<string, unknown>;
  const afterEntries = after as Record<string, unknown>;
  for (const key of Object.keys(afterEntries)) {
    if (JSON.stringify(beforeEntries[key]) !== JSON.stringify(afterEntries[key])) previous[key] = beforeEntries[key];
  }
  return previous;
}
