/**
 * Prefixed, time-sortable ids: `usr_01jd5x4q8m2v0c7n9e3k6t1wzr`. 48 bits of milliseconds then 80 random
 * bits, in Crockford base32, so ids sort by creation time and read well in logs and URLs. Ids made in the
 * same millisecond by this process keep their order too: the random part of the last one counts up
 * (as monotonic ULIDs do), so rows written one after another sort in the order they were written.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix =
  | "usr"
  | "ses"
  | "wl"
  | "win"
  | "sub"
  | "evt"
  | "job"
  | "log"
  | "msg"
  | "tok"
  | "grt"
  | "act"
  | "imp";

let last = { time: -1, bytes: new Uint8Array(16) };

export function newId<P extends IdPrefix>(prefix: P, now: number = Date.now()): `${P}_${string}` {
  const bytes = new Uint8Array(16);
  if (now !== last.time || !countUp(last.bytes, bytes)) crypto.getRandomValues(bytes.subarray(6));
  last = { time: now, bytes };
  let time = now;
  for (let index = 5; index >= 0; index--) {
    bytes[index] = time % 256;
    time = Math.floor(time / 256);
  }
  return `${prefix}_${encodeBase32(bytes)}`;
}

/** `next` = `previous` + 1 in its 80 random bits; false when they are all ones (then a fresh draw). */
function countUp(previous: Uint8Array, next: Uint8Array): boolean {
  next.set(previous);
  for (let index = 15; index >= 6; index--) {
    if (next[index] !== 255) {
      next[index] = (next[index] ?? 0) + 1;
      return true;
    }
    next[index] = 0;
  }
  return false;
}

function encodeBase32(bytes: Uint8Array): string {
  let output = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      output += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) output += ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}
