import { loadEnv } from "@academy/config/env";
import { platformEnv, withDefaultSiteUrl } from "@academy/platform/env";

/**
 * The origin a container image is built with, so that one image serves any domain: the server puts the
 * SITE_URL it is started with in its place in the static output (server/static-files.ts), and pages rendered
 * on demand use the running server's SITE_URL anyway. `.invalid` never resolves (RFC 2606), so a link that
 * escaped the rewrite goes nowhere rather than to someone else's site.
 */
export const SITE_URL_PLACEHOLDER = "https://site-url.invalid";

/** The public origin, for canonical URLs, feeds and the sitemap: SITE_URL, or where `pnpm start` will listen. */
export function readSiteUrl(source: Record<string, string | undefined> = process.env): string {
  return loadEnv({ SITE_URL: platformEnv.SITE_URL }, withDefaultSiteUrl(source, 4321)).SITE_URL;
}
