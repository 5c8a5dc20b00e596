import type { Services } from "@academy/platform/services";
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "./context.ts";

/**
 * One log line and one metrics observation per API request: its request id (also answered as X-Request-Id),
 * method, matched route pattern (`/api/enroll/line`, never a path with ids in it), status and duration.
 * Mounted after `requestId()`; the error handler has set the answer by the time `next()` returns.
 */
export function requestLog(services: Pick<Services, "logger" | "metrics">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const observation = { method: c.req.method, route: matchedRoute(c), status: c.res.status, durationMs };
    services.metrics.observeRequest(observation);
    const line = { requestId: c.get("requestId"), ...observation };
    if (observation.status >= 500) services.logger.error(line, "request");
    else services.logger.info(line, "request");
  };
}

/** The pattern of the handler that matched (middleware is registered for every method, as ALL). */
function matchedRoute(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const handlers = matchedRoutes(c).filter((route) => route.method !== "ALL");
  return handlers.at(-1)?.path ?? "unmatched";
}
