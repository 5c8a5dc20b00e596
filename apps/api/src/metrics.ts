/**
 * `/metrics` for Prometheus, outside the API's `/api` base path: off (404) unless METRICS_TOKEN is set, and
 * then only for `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise). The web server and the standalone
 * API server both mount it.
 *
 * @example
 * const metricsApp = createMetricsApp({ metrics: platform.services.metrics, token: env.METRICS_TOKEN });
 * const response = await metricsApp.request("/metrics", { headers: { authorization: `Bearer ${token}` } });
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Metrics } from "@academy/platform/metrics";
import { Hono } from "hono";

export const METRICS_PATH = "/metrics";

export function createMetricsApp(options: { metrics: Pick<Metrics, "render">; token: string | undefined }) {
  const app = new Hono();
  const { token } = options;
  if (!token) return app.all(METRICS_PATH, (c) => c.text("Not found.", 404));
  const expected = digest(`Bearer ${token}`);
  return app.get(METRICS_PATH, async (c) => {
    // Compared as digests of equal length, in constant time: the answer's timing says nothing about the token.
    if (!timingSafeEqual(digest(c.req.header("authorization") ?? ""), expected)) {
      return c.text("A bearer token is required.", 401, { "www-authenticate": 'Bearer realm="metrics"' });
    }
    const { contentType, body } = await options.metrics.render();
    return c.body(body, 200, { "content-type": contentType, "cache-control": "no-store" });
  });
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
