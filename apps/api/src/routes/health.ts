import { Hono } from "hono";
import type { AppEnv } from "../http/context.ts";

const startedAt = Date.now();

/**
 * `GET /api/health`: 200 when the app and its database answer, 503 when the database does not (a
 * readiness check). `GET /api/health/live`: 200 while the process serves requests at all (a liveness
 * check: restart the process when it fails), without touching the database.
 */
export const healthRoutes = new Hono<AppEnv>()
  .get("/live", (c) => c.json({ status: "ok" }, 200, { "cache-control": "no-store" }))
  .get("/", async (c) => {
    const { database } = c.get("services");
    const up = await database.ping();
    return c.json(
      {
        status: up ? "ok" : "degraded",
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        database: { status: up ? "up" : "down", kind: database.kind },
      },
      up ? 200 : 503,
      { "cache-control": "no-store" },
    );
  });
