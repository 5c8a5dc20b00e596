import type { AstroGlobal } from "astro";

/**
 * The coach's pages: visitors are sent to sign in, members who are not the coach get the site's 403 page
 * (styled, with a link to her account) at the address she asked for.
 * Returns a Response to send instead of the page, or undefined when she may see it.
 */
export function guardAdminPage(Astro: AstroGlobal): Response | Promise<Response> | undefined {
  if (!Astro.locals.user) {
    return Astro.redirect(`/sign-in?returnTo=${encodeURIComponent(Astro.url.pathname)}`);
  }
  if (!Astro.locals.isAdmin) return Astro.rewrite("/403");
  return undefined;
}
