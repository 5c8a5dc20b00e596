import type { Article } from "./articles.ts";

/** What the reading list needs of an article (tests pass plain objects). */
type Listed = Pick<Article, "id"> & { data: Pick<Article["data"], "tags"> };

interface TagIndex {
  position: Map<string, number>;
  byTag: Map<string, number[]>;
}

// A build renders every article against the same list: index its tags once, not once per page (2,000
// articles would otherwise mean four million tag comparisons).
const indexes = new WeakMap<readonly Listed[], TagIndex>();

function indexTags(all: readonly Listed[]): TagIndex {
  let index = indexes.get(all);
  if (index) return index;
  index = { position: new Map(), byTag: new Map() };
  for (const [position, item] of all.entries()) {
    index.position.set(item.id, position);
    for (const tag of new Set(item.data.tags)) {
      const list = index.byTag.get(tag) ?? [];
      list.push(position);
      index.byTag.set(tag, list);
    }
  }
  indexes.set(all, index);
  return index;
}

/**
 * "Next on your reading list": the articles sharing the most tags with this one, the newer first among
 * equals (`all` is newest first). Articles that share no tag are left out, so the list never pads itself
 * with unrelated reading, and so are those in `except` (the previous and next articles, linked anyway).
 */
export function selectRelatedArticles<Item extends Listed>(
  article: Listed,
  all: readonly Item[],
  options: { count?: number; except?: readonly (Listed | undefined)[] } = {},
): Item[] {
  const { count = 3, except = [] } = options;
  const { position, byTag } = indexTags(all);
  const shared = new Map<number, number>();
  for (const tag of new Set(article.data.tags)) {
    for (const other of byTag.get(tag) ?? []) shared.set(other, (shared.get(other) ?? 0) + 1);
  }
  for (const left of [article, ...except]) if (left) shared.delete(position.get(left.id) ?? -1);
  return [...shared]
    .sort(([a, sharedA], [b, sharedB]) => sharedB - sharedA || a - b)
    .slice(0, count)
    .flatMap(([other]) => all[other] ?? []);
}

/** The article published just before and just after this one, in a newest-first list. */
export function findNeighbours<Item extends Listed>(
  article: Listed,
  all: readonly Item[],
): { older?: Item; newer?: Item } {
  const index = indexTags(all).position.get(article.id);
  if (index === undefined) return {};
  return { newer: all[index - 1], older: all[index + 1] };
}
