import { Hono } from "hono";
import { processDueBilling } from "../billing.ts";
import type { Engine } from "../engine.ts";
import { createMissingParamError } from "../errors.ts";
import { type ApiEnv, readRequestParams } from "../http.ts";

/**
 * Not a Stripe endpoint: moves the stand-in's own clock forward, for a browser test that cannot call
 * `advanceTime()` in the server's process (renewals, dunning and period-end cancellations then happen).
 */
export function createStandInClockRoutes(engine: Engine) {
  return new Hono<ApiEnv>().post("/advance", (c) => {
    const params = readRequestParams(c);
    const days = params.integer("days");
    if (days === undefined) throw createMissingParamError("days");
    params.finish();
    const now = engine.clock.advance(days);
    processDueBilling(engine, null);
    return c.json({ object: "stand_in_clock", now: Math.floor(now.getTime() / 1000) });
  });
}
