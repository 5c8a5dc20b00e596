import { loadEnv } from "@academy/config/env";
import { platformEnv, withDefaultSiteUrl } from "@academy/platform/env";

/** The public origin, for canonical URLs, feeds and the sitemap: SITE_URL, or where `pnpm start` will listen. */
export const siteUrl = loadEnv({ SITE_URL: platformEnv.SITE_URL }, withDefaultSiteUrl(process.env, 4321)).SITE_URL;
