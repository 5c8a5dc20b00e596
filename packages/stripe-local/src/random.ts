/**
 * A small seeded generator (mulberry32), so that chaos runs can be replayed exactly from their seed.
 */

export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Shuffles a copy of `items` (Fisher–Yates). A shuffle that happens to keep the original order is rotated
 * by one, so that "reorder" always reorders something when there are two or more items.
 */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T];
  }
  const unchanged = shuffled.every((item, index) => item === items[index]);
  if (unchanged && shuffled.length > 1) shuffled.push(shuffled.shift() as T);
  return shuffled;
}
