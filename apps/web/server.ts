/**
 * The production server: one process, one database handle. `/api/*` goes to the Hono app; static
 * files (prerendered articles, assets) come from memory; everything else is rendered by Astro with
 * `locals.platform`. Run `pnpm build` first; `pnpm start` does both.
 */
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { createApp } from "@academy/api";
import { exitOnEnvError, loadEnv, port } from "@academy/config/env";
import { createPlatform } from "@academy/platform";
import { describeSiteUrlMismatch, platformEnv, withDefaultSiteUrl } from "@academy/platform/env";
import { exitOnStartupError, onShutdown } from "@academy/platform/process";
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

const siteUrlMismatch = describeSiteUrlMismatch(env.SITE_URL, env.PORT);
if (siteUrlMismatch) console.warn(siteUrlMismatch);

const platform = await createPlatform(env).catch(exitOnStartupError);

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

const server = createServer(async (req, res) => {
  setSecurityHeaders(res);
  if (shuttingDown) res.setHeader("Connection", "close");
  const url = req.url ?? "/";
  if (url === "/api" || url.startsWith("/api/") || url.startsWith("/api?")) return api(req, res);
  const path = url.split("?")[0] ?? "/";
  if (path.length > 1 && path.endsWith("/")) {
    // One address per page: /articles/x/ → /articles/x.
    res.writeHead(301, { Location: `${path.replace(/\/+$/, "") || "/"}${url.slice(path.length)}` });
    return res.end();
  }
  try {
    // Only pages rendered on demand are kept there, so it never hides a static file.
    if (publicPages.serve(req, res)) return;
    if (await serveStatic(req, res)) return;
    // A fresh locals object per request: the middleware writes who is signed in onto it.
    await renderPage(req, res, () => notFound(req, res), { platform, publicPages });
  } catch (error) {
    console.error(`[web] ${req.method} ${url} failed:`, error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Something went wrong on our side. Please try again in a moment.");
  }
});

async function notFound(req: IncomingMessage, res: ServerResponse) {
  if (await serveStatic(req, res, { url: "/404.html", status: 404 })) return;
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Page not found.");
}

server.keepAliveTimeout = 65_000;
server.on("error", exitOnStartupError);
server.listen(env.PORT, env.HOST, () => {
  const { database } = platform.services;
  console.log(`Academy running at http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`);
  console.log(`Database: ${database.kind} (${database.location})`);
  if (staticFiles.rewritten > 0) console.log(`Static files: ${staticFiles.rewritten} rewritten for ${env.SITE_URL}`);
});
onShutdown(async () => {
  shuttingDown = true;
  // A connection busy now goes idle after its answer: close those too, until none is left.
  const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  await new Promise((resolve) => server.close(resolve));
  clearInterval(closeIdle);
  await platform.close();
});
