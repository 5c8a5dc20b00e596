/**
 * `expand[]`: replaces an id in a response with the object it names (`subscription` → the Subscription),
 * following dotted paths (`data.customer` in lists, `subscription.latest_invoice`) up to Stripe's depth of
 * four. Checkout Sessions' `line_items` is only ever present when expanded, as on Stripe.
 */
import type { Engine } from "./engine.ts";
import { createInvalidRequestError } from "./errors.ts";
import { findObject } from "./store.ts";

const MAX_EXPAND_DEPTH = 4;

export function expandObject<T extends object>(engine: Engine, object: T, paths: readonly string[]): T {
  const copy = structuredClone(object);
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > MAX_EXPAND_DEPTH) {
      throw createInvalidRequestError(
        `You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property (${path}).`,
        "expand",
      );
    }
    expandPath(engine, copy, segments, path);
  }
  return copy;
}

function expandPath(engine: Engine, target: unknown, segments: string[], path: string): void {
  if (Array.isArray(target)) {
    for (const item of target) expandPath(engine, item, segments, path);
    return;
  }
  const [segment, ...rest] = segments;
  if (segment === undefined || typeof target !== "object" || target === null) return;
  const record = target as Record<string, unknown>;
  if (record.object === "checkout.session" && segment === "line_items" && typeof record.id === "string") {
    record.line_items = listCheckoutLineItems(engine, record.id);
  }
  if (!Object.hasOwn(record, segment)) throw createNotExpandableError(path);
  const value = record[segment];
  if (value === null) return;
  if (typeof value === "string") {
    const found = findObject(engine.store, value);
    if (found === undefined) throw createNotExpandableError(path);
    record[segment] = structuredClone(found);
  } else if (typeof value !== "object") {
    throw createNotExpandableError(path);
  }
  if (rest.length > 0) expandPath(engine, record[segment], rest, path);
}

export function listCheckoutLineItems(engine: Engine, sessionId: string) {
  const lineItems = engine.store.pendingSubscriptions.get(sessionId)?.lineItems ?? [];
  return {
    object: "list" as const,
    data: structuredClone(lineItems),
    has_more: false,
    url: `/v1/checkout/sessions/${sessionId}/line_items`,
  };
}

function createNotExpandableError(path: string) {
  return createInvalidRequestError(`This property cannot be expanded (${path}).`, "expand");
}
