import type { Article } from "./articles.ts";

export interface Tag {
  slug: string;
  label: string;
  count: number;
}

/** Readable names for the coach's tags; any other tag is shown as its words, capitalised. */
const LABELS: Record<string, string> = {
  strength: "Strength training",
  running: "Running",
  menopause: "Menopause and midlife",
  planning: "Planning your week",
  beginners: "Getting started",
  technique: "Technique",
  recovery: "Recovery",
};

export function tagLabel(slug: string): string {
  const words = slug.replace(/-/g, " ");
  return LABELS[slug] ?? words.charAt(0).toUpperCase() + words.slice(1);
}

export function tagUrl(slug: string): string {
  return `/tags/${slug}`;
}

/** Every tag in use, the most used first. */
export function collectTags(articles: readonly Article[]): Tag[] {
  const counts = new Map<string, number>();
  for (const article of articles) {
    for (const tag of article.data.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts]
    .map(([slug, count]) => ({ slug, label: tagLabel(slug), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The meta description and introduction of a tag's page. */
export function describeTag(tag: Tag): string {
  const articles = tag.count === 1 ? "One article" : `${tag.count} articles`;
  return `${articles} on ${tag.label.toLowerCase()} for midlife women runners, newest first: practical, evidence-informed and kind to busy weeks.`;
}

/** The published articles that carry `slug`, in the order given. */
export function filterByTag(articles: readonly Article[], slug: string): Article[] {
  return articles.filter((article) => article.data.tags.includes(slug));
}
