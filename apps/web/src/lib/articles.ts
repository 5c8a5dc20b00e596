import { type CollectionEntry, getCollection } from "astro:content";

export type Article = CollectionEntry<"articles">;

let published: Promise<Article[]> | undefined;

/**
 * Published articles, newest first. Drafts show in `astro dev` only, never in a build. A build renders
 * thousands of pages from one list, so it is read and sorted once (dev re-reads it for live edits).
 */
export function getPublishedArticles(): Promise<Article[]> {
  if (published && !import.meta.env.DEV) return published;
  published = getCollection("articles", ({ data }) => import.meta.env.DEV || !data.draft).then((articles) =>
    articles.sort((a, b) => b.data.publishedAt.getTime() - a.data.publishedAt.getTime() || a.id.localeCompare(b.id)),
  );
  return published;
}

export function articleUrl(article: Article): string {
  return `/articles/${article.id}`;
}

// Every listing and reading list shows reading times: count each text's words once per build.
const minutesByBody = new Map<string, number>();

/** Minutes to read at 230 words a minute, at least one. */
export function readingMinutes(body: string | undefined): number {
  const text = body ?? "";
  let minutes = minutesByBody.get(text);
  if (minutes === undefined) {
    const words = text.match(/\S+/g)?.length ?? 0;
    minutes = Math.max(1, Math.round(words / 230));
    minutesByBody.set(text, minutes);
  }
  return minutes;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

/** `2026-01-13`, for `<time datetime>`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
