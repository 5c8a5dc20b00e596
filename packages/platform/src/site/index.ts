/**
 * The academy as content: `content/site.yaml` (names, brand colours, logo, sender, legal pages, price display,
 * locale and time zone), validated and typed. Pure: files in, settings out; no database, no network.
 *
 * @example
 * import { loadSite, resolveContentDir } from "@academy/platform/site";
 * const site = loadSite(resolveContentDir(process.env));
 * `${site.sender.name} <${site.sender.address}>`;
 */
export { brandTraitsOf } from "./brand-traits.ts";
export { contentEnv, contentPath, resolveContentDir } from "./content-dir.ts";
export { AA_TEXT_RATIO, contrastRatio, suggestPassingColour } from "./contrast.ts";
export { type ContrastFailure, findContrastFailures, TEXT_PAIRS } from "./contrast-pairs.ts";
export { formatIssue, loadSite, parseSite, SITE_FILE, SiteError, type SiteIssue } from "./load-site.ts";
export { type Palette, type SiteSettings, siteSchema } from "./schema.ts";
