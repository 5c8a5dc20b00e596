/**
 * The composition root: opens the database, builds the services and the API app once per process.
 * The web server and the standalone API server both start here, so there is one way to wire things.
 *
 * @example
 * const platform = await createPlatform(loadEnv(apiEnv, process.env));
 * serve(platform.app.fetch);
 * process.on("SIGTERM", () => platform.close());
 */
import { openDatabase } from "@academy/db/client";
import { createApp } from "./app.ts";
import type { ApiEnv } from "./env.ts";
import { type Clock, type Services, systemClock } from "./services.ts";

export interface Platform {
  services: Services;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export async function createPlatform(env: ApiEnv, clock: Clock = systemClock): Promise<Platform> {
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const services: Services = { database, clock, siteUrl: env.SITE_URL };
  return {
    services,
    app: createApp(services),
    close: () => database.close(),
  };
}
