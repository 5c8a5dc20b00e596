import type { Article } from "./articles.ts";

function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

interface SearchText {
  title: string;
  summary: string;
  body: string;
}

// The server keeps one article list for its whole life: normalise each article's text once, not per query.
const texts = new WeakMap<Article, SearchText>();

function searchText(article: Article): SearchText {
  let text = texts.get(article);
  if (!text) {
    text = {
      title: normalize(article.data.title),
      summary: normalize(`${article.data.description} ${article.data.tags.join(" ")}`),
      body: normalize(article.body ?? ""),
    };
    texts.set(article, text);
  }
  return text;
}

/** The words of a query worth matching: letters and digits, two characters or more. */
export function tokenize(query: string): string[] {
  return [...new Set(normalize(query).split(/[^a-z0-9]+/))].filter((word) => word.length >= 2);
}

/**
 * The server-side search behind /search when JavaScript is off (Pagefind answers when it is on).
 * Every word must appear somewhere in the article; matches in the title count most, then the tags and
 * description, then the text. Newest first among equals.
 */
export function searchArticles(query: string, articles: readonly Article[], limit = 20): Article[] {
  const words = tokenize(query);
  if (words.length === 0) return [];
  const scored: { article: Article; score: number; order: number }[] = [];
  articles.forEach((article, order) => {
    const { title, summary, body } = searchText(article);
    let score = 0;
    for (const word of words) {
      const points = (title.includes(word) ? 6 : 0) + (summary.includes(word) ? 3 : 0) + (body.includes(word) ? 1 : 0);
      if (points === 0) return;
      score += points;
    }
    scored.push({ article, score, order });
  });
  return scored
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map(({ article }) => article);
}
