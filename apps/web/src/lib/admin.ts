import type { AstroGlobal } from "astro";

/**
 * The coach's pages: visitors are sent to sign in, members who are not the coach get a 403.
 * Returns a Response to send instead of the page, or undefined when she may see it.
 */
export function guardAdminPage(Astro: AstroGlobal): Response | undefined {
  if (!Astro.locals.user) {
    return Astro.redirect(`/sign-in?returnTo=${encodeURIComponent(Astro.url.pathname)}`);
  }
  if (!Astro.locals.isAdmin) {
    return new Response("Only the coach's account can open this page.", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return undefined;
}
