import { apiEnv } from "@academy/api/env";
import { loadEnv } from "@academy/config/env";

/** The public origin, for canonical URLs, feeds and the sitemap (SITE_URL). */
export const siteUrl = loadEnv({ SITE_URL: apiEnv.SITE_URL }, process.env).SITE_URL;
