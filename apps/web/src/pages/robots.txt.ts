import type { APIRoute } from "astro";

/** Crawlers may read the public site; the API, search results and member areas are not for indexing. */
export const GET: APIRoute = ({ site }) => {
  const sitemap = new URL("/sitemap.xml", site ?? "http://localhost:4321").href;
  const body = [
    "User-agent: *",
    "Allow: /",
    "Disallow: /api/",
    "Disallow: /search",
    "Disallow: /account",
    "Disallow: /sign-in",
    "Disallow: /dev/",
    "",
    `Sitemap: ${sitemap}`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
};
