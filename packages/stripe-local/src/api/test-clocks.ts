import { Hono } from "hono";
import { processDueBilling } from "../billing.ts";
import type { Engine } from "../engine.ts";
import { createInvalidRequestError, createMissingParamError } from "../errors.ts";
import * as http from "../http.ts";
import { createId } from "../ids.ts";
import type { DeletedObject, TestClock } from "../objects.ts";
import { listNewestFirst } from "../store.ts";

const CLOCK_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/**
 * Stripe's test clocks: a frozen time for the customers created on the clock, moved only by `advance`.
 * Advancing runs every renewal, retry and cancellation that falls due on the way, before answering, so
 * the clock comes back `ready` (Stripe answers `advancing` and finishes later).
 */
export function createTestClockRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .post("/", (c) => {
      const params = http.readRequestParams(c);
      const frozenTime = params.integer("frozen_time");
      if (frozenTime === undefined) throw createMissingParamError("frozen_time");
      const name = params.string("name", { maxLength: 300 }) ?? null;
      const expand = params.expand();
      params.finish();
      const created = engine.clock.nowSeconds();
      const clock: TestClock = {
        id: createId("clock"),
        object: "test_helpers.test_clock",
        created,
        deletes_after: created + CLOCK_LIFETIME_SECONDS,
        frozen_time: frozenTime,
        livemode: false,
        name,
        status: "ready",
      };
      engine.store.testClocks.set(clock.id, clock);
      engine.emit("test_helpers.test_clock.created", clock);
      return http.respondWithObject(c, engine, clock, expand);
    })
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      return http.respondWithPage(
        c,
        engine,
        params,
        listNewestFirst(engine.store.testClocks),
        "/v1/test_helpers/test_clocks",
      );
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.testClocks, "test clock"))
    .post("/:id/advance", (c) => {
      const clock = http.findOrThrow(engine.store.testClocks, c.req.param("id"), "test clock");
      const params = http.readRequestParams(c);
      const frozenTime = params.integer("frozen_time");
      if (frozenTime === undefined) throw createMissingParamError("frozen_time");
      const expand = params.expand();
      params.finish();
      if (frozenTime <= clock.frozen_time) {
        throw createInvalidRequestError(
          "The frozen_time must be after the test clock's current frozen_time.",
          "frozen_time",
        );
      }
      advanceTestClock(engine, clock, frozenTime);
      return http.respondWithObject(c, engine, clock, expand);
    })
    .delete("/:id", (c) => {
      const clock = http.findOrThrow(engine.store.testClocks, c.req.param("id"), "test clock");
      http.readRequestParams(c).finish();
      deleteTestClock(engine, clock);
      const deleted: DeletedObject = { id: clock.id, object: "test_helpers.test_clock", deleted: true };
      return c.json(deleted);
    });
}

export function advanceTestClock(engine: Engine, clock: TestClock, frozenTime: number): void {
  clock.status = "advancing";
  engine.emit("test_helpers.test_clock.advancing", clock);
  clock.frozen_time = frozenTime;
  processDueBilling(engine, clock.id);
  clock.status = "ready";
  engine.emit("test_helpers.test_clock.ready", clock);
}

/** Deleting a clock deletes the customers on it and everything they own, as on Stripe. */
function deleteTestClock(engine: Engine, clock: TestClock): void {
  const { store } = engine;
  for (const customer of [...store.customers.values()]) {
    if (customer.test_clock !== clock.id) continue;
    store.customers.delete(customer.id);
    store.deletedCustomers.add(customer.id);
  }
  for (const subscription of [...store.subscriptions.values()]) {
    if (subscription.test_clock === clock.id) store.subscriptions.delete(subscription.id);
  }
  for (const invoice of [...store.invoices.values()]) {
    if (invoice.test_clock === clock.id) store.invoices.delete(invoice.id);
  }
  store.testClocks.delete(clock.id);
  engine.emit("test_helpers.test_clock.deleted", clock);
}
