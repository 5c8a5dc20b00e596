import { loadEnv } from "@academy/config/env";
import { platformEnv } from "@academy/platform/env";

/** The public origin, for canonical URLs, feeds and the sitemap (SITE_URL). */
export const siteUrl = loadEnv({ SITE_URL: platformEnv.SITE_URL }, process.env).SITE_URL;
