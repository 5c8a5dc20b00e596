/** Articles per listing page: enough to browse, small enough to stay light on a phone. */
export const PAGE_SIZE = 12;

export interface ListingPage<Item> {
  items: Item[];
  /** 1-based. */
  number: number;
  count: number;
  url: string;
  previousUrl?: string;
  nextUrl?: string;
}

/** The URL of page `number` of a listing: the listing itself for page 1, `<base>/page/<n>` after. */
export function pageUrl(base: string, number: number): string {
  return number === 1 ? base : `${base}/page/${number}`;
}

/** Splits `items` into listing pages under `base` (always at least one page, so an empty list still renders). */
export function paginate<Item>(
  items: readonly Item[],
  base: string,
  size = PAGE_SIZE,
): [ListingPage<Item>, ...ListingPage<Item>[]] {
  const count = Math.max(1, Math.ceil(items.length / size));
  const toPage = (index: number): ListingPage<Item> => {
    const number = index + 1;
    return {
      items: items.slice(index * size, number * size),
      number,
      count,
      url: pageUrl(base, number),
      previousUrl: number > 1 ? pageUrl(base, number - 1) : undefined,
      nextUrl: number < count ? pageUrl(base, number + 1) : undefined,
    };
  };
  return [toPage(0), ...Array.from({ length: count - 1 }, (_, index) => toPage(index + 1))];
}
