import { Hono } from "hono";
import type { AppEnv } from "../http/context.ts";

const startedAt = Date.now();

/** `GET /api/health`: 200 when the app and its database answer, 503 when the database does not. */
export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
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
