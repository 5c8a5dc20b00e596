import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context.ts";
import { ApiError } from "./errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests that a browser says came from another site: `Sec-Fetch-Site` when
 * the browser sends it, else `Origin`. JSON and form posts alike. A request with neither header is not
 * from a browser, so it cannot carry a victim's cookies on another site's behalf.
 */
export function csrfProtection(options: { exempt: readonly string[] }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || options.exempt.includes(c.req.path)) return next();
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    const crossSite = site
      ? site !== "same-origin" && site !== "none"
      : origin !== undefined && !isSiteOrigin(origin, c.get("services").siteUrl);
    if (crossSite) {
      throw new ApiError(
        403,
        "cross_site_request",
        "This request came from another site, so it was refused. Open the page on this site and try again.",
      );
    }
    return next();
  });
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The site's own origin; on this machine, any spelling of loopback with the site's scheme and port. */
function isSiteOrigin(origin: string, siteUrl: string): boolean {
  const site = new URL(siteUrl);
  if (origin === site.origin) return true;
  try {
    const given = new URL(origin);
    return (
      LOOPBACK_NAMES.has(site.hostname) &&
      LOOPBACK_NAMES.has(given.hostname) &&
      given.protocol === site.protocol &&
      given.port === site.port
    );
  } catch {
    return false;
  }
}
