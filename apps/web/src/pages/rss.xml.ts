import rss from "@astrojs/rss";
import type { APIRoute } from "astro";
import { articleUrl, getPublishedArticles } from "../lib/articles.ts";
import { SITE_DESCRIPTION, SITE_NAME } from "../lib/site.ts";

/** The feed lists the published public articles, and nothing else. */
export const GET: APIRoute = async ({ site }) => {
  const articles = await getPublishedArticles();
  return rss({
    title: SITE_NAME,
    description: SITE_DESCRIPTION,
    site: site ?? "http://localhost:4321",
    trailingSlash: false,
    customData: "<language>en-gb</language>",
    items: articles.map((article) => ({
      title: article.data.title,
      description: article.data.description,
      link: articleUrl(article),
      pubDate: article.data.publishedAt,
      categories: article.data.tags,
    })),
  });
};
