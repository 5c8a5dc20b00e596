import type { IncomingMessage, ServerResponse } from "node:http";
import type { AstroIntegration } from "astro";

/**
 * In `astro dev`, hosts the platform the way server.ts does in production: /api goes to the Hono app,
 * and every page gets `locals.platform`.
 */
export function devPlatform(): AstroIntegration {
  return {
    name: "academy:dev-platform",
    hooks: {
      "astro:server:setup": async ({ server }) => {
        const { loadEnv } = await import("@academy/config/env");
        const { apiEnv } = await import("@academy/api/env");
        const { createPlatform } = await import("@academy/api/platform");
        const { getRequestListener } = await import("@hono/node-server");
        const platform = await createPlatform(loadEnv(apiEnv, process.env));
        const api = getRequestListener(platform.app.fetch);
        server.httpServer?.once("close", () => void platform.close());
        server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
          if (req.url === "/api" || req.url?.startsWith("/api/")) return void api(req, res);
          Reflect.set(req, Symbol.for("astro.locals"), { platform });
          next();
        });
      },
    },
  };
}
