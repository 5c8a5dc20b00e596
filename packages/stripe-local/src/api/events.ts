import { Hono } from "hono";
import type { Engine } from "../engine.ts";
import * as http from "../http.ts";
import type { ParamReader } from "../params.ts";
import { listNewestFirst } from "../store.ts";

export function createEventRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const type = params.string("type");
      const types = params.stringList("types");
      const created = readCreatedFilter(params);
      params.ignore("delivery_success");
      const patterns = [...(type === undefined ? [] : [type]), ...(types ?? [])];
      const events = listNewestFirst(engine.store.events).filter(
        (event) =>
          (patterns.length === 0 || patterns.some((pattern) => matchesEventType(pattern, event.type))) &&
          created(event.created),
      );
      return http.respondWithPage(c, engine, params, events, "/v1/events");
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.events, "event"));
}

/** `customer.subscription.*` matches every subscription event, as in Stripe's `type` filter. */
function matchesEventType(pattern: string, type: string): boolean {
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

function readCreatedFilter(params: ParamReader): (created: number) => boolean {
  if (!params.has("created")) return () => true;
  if (!params.isObject("created")) {
    const exact = params.integer("created");
    return (created) => exact === undefined || created === exact;
  }
  const range = params.object("created");
  const gt = range?.integer("gt");
  const gte = range?.integer("gte");
  const lt = range?.integer("lt");
  const lte = range?.integer("lte");
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}
