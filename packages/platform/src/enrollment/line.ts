/**
 * The line at the doors. Stripe takes checkout sessions at a steady pace, so in a doors-open rush the
 * people after the first few hundred wait their turn. When her wait would be more than a few seconds,
 * she gets a place in line at once (a signed ticket) instead of a request that hangs: her checkout keeps
 * opening in the background, and the line page (or `GET /api/enroll/line`) tells her how many are ahead
 * and sends her to checkout when it is open. A ticket outlives a restart: if her opening is no longer
 * under way, asking about it starts it again, and the idempotency keys land it on the same checkout.
 */
import { signValue, verifySignedValue } from "@academy/auth";
import { MAX_CHECKOUT_WAIT_MS } from "../billing/checkout.ts";

const LINE_PURPOSE = "enroll-line";

/** Longer than this, and she waits in line rather than in the request. */
export const WAIT_IN_REQUEST_MS = 3_000;

/** Where she stands while her checkout opens. */
export interface PlaceInLine {
  /** People whose checkout opens before hers. */
  ahead: number;
  /** About how long until hers is open. */
  waitSeconds: number;
}

export type LineState =
  | { state: "ready"; checkoutUrl: string }
  | ({ state: "waiting" } & PlaceInLine)
  | { state: "closed" }
  | { state: "invalid" };

/** Her place-in-line ticket: who, for which window, signed. */
export function lineTicket(appSecret: string, userId: string, windowId: string): string {
  return signValue(appSecret, LINE_PURPOSE, `${userId} ${windowId}`);
}

/** Who and which window the ticket is for, or undefined when it is not one of ours (forged, cut short). */
export function readLineTicket(appSecret: string, ticket: string): { userId: string; windowId: string } | undefined {
  const [userId, windowId] = verifySignedValue(appSecret, LINE_PURPOSE, ticket)?.split(" ") ?? [];
  return userId && windowId ? { userId, windowId } : undefined;
}

/**
 * The checkouts being opened now, by person and window, and the line they make at Stripe's pace. The
 * pacers are first come, first served, so openings finish in about the order they started: her place is
 * how many started before hers and have not finished.
 */
export interface CheckoutLine {
  /**
   * Starts opening her checkout with `open`, or joins the opening of it already under way (a second click
   * while her first still waits joins that wait instead of queueing again): the URL once it is open, and
   * where she stands now.
   */
  join(userId: string, windowId: string, open: () => Promise<string>): { url: Promise<string>; place: PlaceInLine };
  /** Where she stands, or undefined when her checkout is not being opened. */
  placeOf(userId: string, windowId: string): PlaceInLine | undefined;
  /** Where a newcomer would stand (everyone under way is ahead of her). */
  placeAtEnd(): PlaceInLine;
  /**
   * True when her checkout would keep her waiting longer than a request should: every opening under way
   * ahead of hers takes its turn at the pace first (her own, if a first click already started it).
   */
  isLong(userId: string, windowId: string): boolean;
  /**
   * True when the line already holds as many people as Stripe's pace serves in the longest wait we allow:
   * a newcomer is told checkout is busy (try again in a minute) rather than promised a turn that would
   * never come. Someone already in line is never turned away.
   */
  isFull(userId: string, windowId: string): boolean;
  /** Checkouts being opened now: each will take one turn of each pacer. */
  underWay(): number;
}

/** One checkout being opened: her number in the order openings started, and the URL once it is open. */
interface Opening {
  number: number;
  url: Promise<string>;
}

export function createCheckoutLine(perSecond: number): CheckoutLine {
  const openings = new Map<string, Opening>();
  let started = 0;
  let finished = 0;
  const keyOf = (userId: string, windowId: string) => `${userId}:${windowId}`;
  const aheadOfOpening = (opening: Opening) => Math.max(0, opening.number - finished - 1);
  const aheadOf = (userId: string, windowId: string) => {
    const opening = openings.get(keyOf(userId, windowId));
    return opening && aheadOfOpening(opening);
  };
  const waitMs = (ahead: number) => ((ahead + 1) / perSecond) * 1000;
  const place = (ahead: number): PlaceInLine => ({ ahead, waitSeconds: Math.ceil((ahead + 1) / perSecond) });
  return {
    join(userId, windowId, open) {
      const key = keyOf(userId, windowId);
      let opening = openings.get(key);
      if (!opening) {
        opening = {
          number: ++started,
          url: open().finally(() => {
            openings.delete(key);
            finished++;
          }),
        };
        openings.set(key, opening);
      }
      return { url: opening.url, place: place(aheadOfOpening(opening)) };
    },
    placeOf(userId, windowId) {
      const ahead = aheadOf(userId, windowId);
      return ahead === undefined ? undefined : place(ahead);
    },
    placeAtEnd: () => place(started - finished),
    isLong: (userId, windowId) => waitMs(aheadOf(userId, windowId) ?? started - finished) > WAIT_IN_REQUEST_MS,
    isFull: (userId, windowId) =>
      aheadOf(userId, windowId) === undefined && waitMs(started - finished) > MAX_CHECKOUT_WAIT_MS,
    underWay: () => started - finished,
  };
}
