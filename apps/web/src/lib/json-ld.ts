import { type Article, articleUrl } from "./articles.ts";
import { AUTHOR, SITE_NAME } from "./site.ts";
import type { SocialImage } from "./social-image.ts";

/** schema.org `Article` data for search engines' rich results. */
export function buildArticleJsonLd(article: Article, image: SocialImage, site: URL): Record<string, unknown> {
  const { title, description, publishedAt, updatedAt, tags } = article.data;
  const url = new URL(articleUrl(article), site).href;
  return {
    "@context": "https://schema.org",
    "@type": "Article",
    headline: title,
    description,
    image: [image.url],
    datePublished: publishedAt.toISOString(),
    dateModified: (updatedAt ?? publishedAt).toISOString(),
    keywords: tags.join(", "),
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    url,
    author: { "@type": "Person", name: AUTHOR.name, jobTitle: AUTHOR.jobTitle, url: new URL(AUTHOR.path, site).href },
    publisher: { "@type": "Organization", name: SITE_NAME, url: site.href },
  };
}

/** JSON for a `<script type="application/ld+json">`: `<` is escaped so no text can close the tag early. */
export function serializeJsonLd(data: Record<string, unknown>): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
