/**
 * Runs the API on its own port (API_PORT, default 4322), e.g. against PostgreSQL behind a load
 * balancer. The web app normally hosts the same API in-process at /api.
 */
import type { Server } from "node:http";
import { exitOnEnvError, loadEnv } from "@academy/config/env";
import { createPlatform } from "@academy/platform";
import { createLoggerFromEnv } from "@academy/platform/logger";
import { closeHttpServer, exitOnStartupError, onShutdown } from "@academy/platform/process";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { standaloneApiEnv } from "./env.ts";
import { createMetricsApp, METRICS_PATH } from "./metrics.ts";

const env = (() => {
  try {
    return loadEnv(standaloneApiEnv, process.env);
  } catch (error) {
    return exitOnEnvError(error);
  }
})();

const logger = createLoggerFromEnv(env);
const platform = await createPlatform(env, { logger }).catch((error: unknown) => exitOnStartupError(error, logger));
const api = createApp(platform.services);
const metricsApp = createMetricsApp({ metrics: platform.services.metrics, token: env.METRICS_TOKEN });
const server = serve(
  {
    fetch: (request) =>
      new URL(request.url).pathname === METRICS_PATH ? metricsApp.fetch(request) : api.fetch(request),
    port: env.API_PORT,
    hostname: env.HOST,
  },
  (info) => {
    logger.info(
      { address: info.address, port: info.port, database: platform.services.database.kind },
      `API listening on http://${info.address}:${info.port}/api`,
    );
  },
) as Server;
server.on("error", (error) => exitOnStartupError(error, logger));
onShutdown(
  async (budgetMs) => {
    const deadline = Date.now() + budgetMs;
    await closeHttpServer(server, logger);
    await platform.close({ timeoutMs: deadline - Date.now() });
  },
  { logger, timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000 },
);
