import type { APIRoute } from "astro";
import { articleUrl, getPublishedArticles } from "../lib/articles.ts";
import { paginate } from "../lib/pagination.ts";
import { site as academy } from "../lib/site.ts";
import { renderSitemap, type SitemapEntry } from "../lib/sitemap.ts";
import { collectTags, filterByTag, tagUrl } from "../lib/tags.ts";

/**
 * Built from an allow-list, not from every page the build wrote: the public listings, the published
 * articles, the about, waitlist and legal pages. Member pages, drafts and search results can never slip in.
 */
export const GET: APIRoute = async ({ site }) => {
  const articles = await getPublishedArticles();
  const newest = articles
    .map((article) => article.data.updatedAt ?? article.data.publishedAt)
    .sort((a, b) => +b - +a)[0];
  const listings = [
    ...paginate(articles, "/articles"),
    ...collectTags(articles).flatMap((tag) => paginate(filterByTag(articles, tag.slug), tagUrl(tag.slug))),
  ];
  const entries: SitemapEntry[] = [
    { path: "/", lastModified: newest },
    { path: "/about" },
    { path: "/join" },
    { path: `/${academy.legal.privacy}` },
    { path: `/${academy.legal.terms}` },
    { path: "/tags" },
    ...listings.map((page) => ({ path: page.url })),
    ...articles.map((article) => ({
      path: articleUrl(article),
      lastModified: article.data.updatedAt ?? article.data.publishedAt,
    })),
  ];
  return new Response(renderSitemap(entries, site ?? new URL("http://localhost:4321")), {
    headers: { "Content-Type": "application/xml; charset=utf-8" },
  });
};
