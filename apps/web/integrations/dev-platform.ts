import type { IncomingMessage, ServerResponse } from "node:http";
import { createApp } from "@academy/api";
import { loadEnv } from "@academy/config/env";
import { createPlatform } from "@academy/platform";
import { platformEnv } from "@academy/platform/env";
import { getRequestListener } from "@hono/node-server";
import type { AstroIntegration } from "astro";

/**
 * In `astro dev`, hosts the platform the way server.ts does in production: /api goes to the Hono app,
 * and every page gets `locals.platform`. (Imported statically: the config's module runner is closed by
 * the time hooks run.)
 */
export function devPlatform(): AstroIntegration {
  return {
    name: "academy:dev-platform",
    hooks: {
      "astro:server:setup": async ({ server }) => {
        const platform = await createPlatform(loadEnv(platformEnv, process.env));
        const api = getRequestListener(createApp(platform.services).fetch);
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
