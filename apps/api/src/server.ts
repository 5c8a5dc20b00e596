/**
 * Runs the API on its own port (API_PORT, default 4322), e.g. against PostgreSQL behind a load
 * balancer. The web app normally hosts the same API in-process at /api.
 */
import { exitOnEnvError, loadEnv } from "@academy/config/env";
import { createPlatform } from "@academy/platform";
import { exitOnStartupError, onShutdown } from "@academy/platform/process";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { standaloneApiEnv } from "./env.ts";

const env = (() => {
  try {
    return loadEnv(standaloneApiEnv, process.env);
  } catch (error) {
    return exitOnEnvError(error);
  }
})();

const platform = await createPlatform(env).catch(exitOnStartupError);
const server = serve({ fetch: createApp(platform.services).fetch, port: env.API_PORT, hostname: env.HOST }, (info) => {
  console.log(
    `API listening on http://${info.address}:${info.port}/api (database: ${platform.services.database.kind})`,
  );
});
server.on("error", exitOnStartupError);
onShutdown(async () => {
  await new Promise((resolve) => server.close(resolve));
  await platform.close();
});
