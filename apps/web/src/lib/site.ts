/**
 * The academy this site was built for, from `content/site.yaml` (see @academy/platform/site): used in titles,
 * meta tags, the header and footer, the feed and JSON-LD. Nothing here names an academy.
 */
import site from "virtual:academy/site";
import { renderBrandCss } from "./brand-css.ts";

export { site };

export const SITE_NAME = site.academy.name;
export const SITE_DESCRIPTION = site.academy.description;
export const AUTHOR = { name: site.coach.name, jobTitle: site.coach.jobTitle, path: site.coach.aboutPath };

/** Where the build publishes the files site.yaml names (src/pages/brand/[file].ts serves them). */
export const BRAND_FILES = {
  logo: brandUrl("logo", site.logo.path),
  favicon: brandUrl("favicon", site.favicon.path),
  socialImage: site.socialImage ? brandUrl("social-card", site.socialImage.path) : undefined,
};

/** The link-card picture of pages that have none of their own, when site.yaml names one. */
export const DEFAULT_SOCIAL_IMAGE =
  site.socialImage && BRAND_FILES.socialImage ? { ...site.socialImage, path: BRAND_FILES.socialImage } : undefined;

export const ARTICLES_DESCRIPTION = `Every article from ${site.academy.name}, newest first: ${site.academy.tagline.replace(/\.$/, "")}.`;

/** The brand colours as CSS custom properties, for the layout's head. */
export const BRAND_CSS = renderBrandCss(site.colors);

/** The Open Graph locale: en-US → en_US. */
export const OG_LOCALE = site.academy.locale.replace("-", "_");

/** The language of every page: the locale's language part (en-US → en). */
export const PAGE_LANGUAGE = site.academy.locale.split("-")[0] ?? "en";

function brandUrl(name: string, path: string): string {
  return `/brand/${name}.${path.split(".").at(-1)?.toLowerCase()}`;
}
