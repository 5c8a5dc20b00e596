/**
 * The production server: one process, one database handle. `/api/*` goes to the Hono app; static
 * files (prerendered articles, assets) come from memory; everything else is rendered by Astro with
 * `locals.platform`. Run `pnpm build` first; `pnpm start` does both.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { createApp } from "@academy/api";
import { createMetricsApp, METRICS_PATH } from "@academy/api/metrics";
import { exitOnEnvError, loadEnv, port } from "@academy/config/env";
import { createPlatform } from "@academy/platform";
import { describeSiteUrlMismatch, platformEnv, withDefaultSiteUrl } from "@academy/platform/env";
import { createLoggerFromEnv } from "@academy/platform/logger";
import { closeHttpServer, exitOnStartupError, onShutdown } from "@academy/platform/process";
import { getRequestListener } from "@hono/node-server";
import { createPublicPageCache } from "./server/page-cache.ts";
import { createSecurityHeaders } from "./server/security-headers.ts";
import { createStaticFiles } from "./server/static-files.ts";
import { SITE_URL_PLACEHOLDER } from "./site-url.ts";

const env = (() => {
  try {
    // PORT first: an unset SITE_URL is made from it, and the message should name PORT, not the URL made from it.
    return loadEnv({ PORT: port(4321), ...platformEnv }, withDefaultSiteUrl(process.env, 4321));
  } catch (error) {
    return exitOnEnvError(error);
  }
})();

const logger = createLoggerFromEnv(env);
const siteUrlMismatch = describeSiteUrlMismatch(env.SITE_URL, env.PORT);
if (siteUrlMismatch) logger.warn(siteUrlMismatch);

const platform = await createPlatform(env, { logger }).catch((error: unknown) => exitOnStartupError(error, logger));

const entry = new URL("./dist/server/entry.mjs", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("The site is not built yet: run `pnpm build` (or `pnpm start`, which builds first).\n");
  await platform.close();
  process.exit(1);
}
const { handler: renderPage } = (await import(entry.href)) as {
  handler: (req: unknown, res: unknown, next: () => void, locals: App.Locals) => Promise<void>;
};
const api = getRequestListener(createApp(platform.services).fetch);
const metricsEndpoint = env.METRICS_TOKEN
  ? getRequestListener(createMetricsApp({ metrics: platform.services.metrics, token: env.METRICS_TOKEN }).fetch)
  : undefined;
// An image built once (SITE_URL_PLACEHOLDER) serves the SITE_URL it is started with: see site-url.ts.
const staticFiles = await createStaticFiles(fileURLToPath(new URL("./dist/client/", import.meta.url)), {
  origin: { from: SITE_URL_PLACEHOLDER, to: new URL(env.SITE_URL).origin },
});
const serveStatic = staticFiles.serve;
const { billing, sessionCookie } = platform.services;
const publicPages = createPublicPageCache({ sessionCookieName: sessionCookie.name });
const setSecurityHeaders = createSecurityHeaders({
  https: env.SITE_URL.startsWith("https:"),
  formTargets: billing.local
    ? [new URL(billing.local.url).origin]
    : ["https://checkout.stripe.com", "https://billing.stripe.com"],
});

// Set on SIGTERM: every answer from then on closes its connection, so a proxy's keep-alive connections end
// instead of holding the shutdown open until they idle out (Caddy sends the next request to another instance).
let shuttingDown = false;

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  // The API logs and counts its own requests, by its route patterns (apps/api/src/http/request-log.ts).
  if (url === "/api" || url.startsWith("/api/") || url.startsWith("/api?")) return handle(req, res, url);
  const started = performance.now();
  const requestId = acceptedRequestId(req.headers["x-request-id"]) ?? randomUUID();
  res.setHeader("X-Request-Id", requestId);
  const locals: App.Locals = { platform, publicPages };
  const route: { name: string } = { name: "page" };
  // "close" comes after the last byte, or when the visitor went away first.
  res.once("close", () => {
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    // Astro's matched route (`/articles/[slug]`) when it rendered the page; else what answered.
    const observation = {
      method: req.method ?? "GET",
      route: locals.routePattern ?? route.name,
      status: res.statusCode,
      durationMs,
    };
    platform.services.metrics.observeRequest(observation);
    const line = { requestId, ...observation };
    if (res.statusCode >= 500) logger.error(line, "request");
    else logger.info(line, "request");
  });
  void handle(req, res, url, { locals, route, requestId });
});

/** Where a request goes; `observed` is filled in for the request log of requests outside the API. */
async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  observed?: { locals: App.Locals; route: { name: string }; requestId: string },
) {
  setSecurityHeaders(res, req.url);
  if (shuttingDown) res.setHeader("Connection", "close");
  if (!observed) return api(req, res);
  const path = url.split("?")[0] ?? "/";
  const { locals, route } = observed;
  if (path.length > 1 && path.endsWith("/")) {
    route.name = "trailing slash";
    // One address per page: /articles/x/ → /articles/x.
    res.writeHead(301, { Location: `${path.replace(/\/+$/, "") || "/"}${url.slice(path.length)}` });
    return res.end();
  }
  try {
    if (metricsEndpoint && path === METRICS_PATH) {
      route.name = METRICS_PATH;
      return await metricsEndpoint(req, res);
    }
    // Only pages rendered on demand are kept there, so it never hides a static file.
    route.name = "cached page";
    if (publicPages.serve(req, res)) return;
    route.name = "static file";
    if (await serveStatic(req, res)) return;
    // A fresh locals object per request: the middleware writes who is signed in onto it.
    route.name = "page";
    await renderPage(
      req,
      res,
      () => {
        route.name = "not found";
        return notFound(req, res);
      },
      locals,
    );
  } catch (error) {
    logger.error({ err: error, requestId: observed.requestId, method: req.method, path }, "page failed");
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Something went wrong on our side. Please try again in a moment.");
  }
}

// As Hono's requestId() accepts one: a proxy's id is kept, anything else is replaced.
function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === "string" && /^[\w\-=]{1,255}$/.test(header) ? header : undefined;
}

async function notFound(req: IncomingMessage, res: ServerResponse) {
  if (await serveStatic(req, res, { url: "/404.html", status: 404 })) return;
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Page not found.");
}

server.keepAliveTimeout = 65_000;
server.on("error", (error) => exitOnStartupError(error, logger));
server.listen(env.PORT, env.HOST, () => {
  const { database } = platform.services;
  logger.info(
    { database: database.kind, metrics: metricsEndpoint ? METRICS_PATH : "off" },
    `Academy running at http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`,
  );
  logger.info(`Database: ${database.kind} (${database.location})`);
  if (staticFiles.rewritten > 0) logger.info(`Static files: ${staticFiles.rewritten} rewritten for ${env.SITE_URL}`);
});
onShutdown(
  async (budgetMs) => {
    const deadline = Date.now() + budgetMs;
    shuttingDown = true;
    // A connection busy now goes idle after its answer: closeHttpServer closes those too, until none is left.
    await closeHttpServer(server, logger);
    await platform.close({ timeoutMs: deadline - Date.now() });
  },
  { logger, timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000 },
);
