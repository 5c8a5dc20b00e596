/**
 * The line at the doors. Stripe takes checkout sessions at a steady pace, so in a doors-open rush the
 * people after the first few hundred wait their turn. When her wait would be more than a few seconds,
 * she gets a place in line at once (a signed ticket) instead of a request that hangs: her checkout keeps
 * opening in the background, and the line page (or `GET /api/enroll/line`) tells her how many are ahead
 * and sends her to checkout when it is open. A ticket outlives a restart: if her opening is no longer
 * under way, asking about it starts it again, and the idempotency keys land it on the same checkout.
 *
 * The line holds people, not typed strings: a proven visitor by her account, an anonymous one by the
 * random id her browser keeps. Proven visitors go ahead of anonymous ones (the pacers serve them first),
 * anonymous openings are capped, and only anonymous visitors are ever told the line is full because of them.
 */
import { signValue, verifySignedValue } from "@academy/auth";
import { MAX_CHECKOUT_WAIT_MS } from "../billing/checkout.ts";
import type { Priority } from "../billing/rate-limiter.ts";

const LINE_PURPOSE = "enroll-line";
const ANONYMOUS_PREFIX = "anon:";

/**
 * Longer than this, and she waits in line rather than in the request: a click is answered within it,
 * with her checkout or with her place (someone who proved who she is may come later and still go first,
 * so a wait in the request is cut off here too). Well under 3 s with the request's own time on a busy
 * machine.
 */
export const WAIT_IN_REQUEST_MS = 2_000;

/** Whose place in line: her account (she proved who she is), or the random id of an anonymous visitor. */
export type LineHolder = { kind: "account"; userId: string } | { kind: "anonymous"; anonymousId: string };

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
export function lineTicket(appSecret: string, holder: LineHolder, windowId: string): string {
  return signValue(appSecret, LINE_PURPOSE, `${keyOfHolder(holder)} ${windowId}`);
}

/** Who and which window the ticket is for, or undefined when it is not one of ours (forged, cut short). */
export function readLineTicket(
  appSecret: string,
  ticket: string,
): { holder: LineHolder; windowId: string } | undefined {
  const [key, windowId] = verifySignedValue(appSecret, LINE_PURPOSE, ticket)?.split(" ") ?? [];
  if (!key || !windowId) return undefined;
  const holder: LineHolder = key.startsWith(ANONYMOUS_PREFIX)
    ? { kind: "anonymous", anonymousId: key.slice(ANONYMOUS_PREFIX.length) }
    : { kind: "account", userId: key };
  return { holder, windowId };
}

/** The pacers' line a holder waits in. */
export function priorityOfHolder(holder: LineHolder): Priority {
  return holder.kind === "account" ? "proven" : "anonymous";
}

function keyOfHolder(holder: LineHolder): string {
  return holder.kind === "account" ? holder.userId : `${ANONYMOUS_PREFIX}${holder.anonymousId}`;
}

/**
 * The checkouts being opened now, by holder and window, and the line they make at Stripe's pace. Each
 * priority is first come, first served, and proven openings go first, so a proven visitor's place is how
 * many proven openings started before hers and have not finished; an anonymous visitor has every proven
 * opening under way ahead of her as well.
 */
export interface CheckoutLine {
  /**
   * Starts opening her checkout with `open`, or joins the opening of it already under way (a second click
   * while her first still waits joins that wait instead of queueing again): the URL once it is open, and
   * where she stands now.
   */
  join(holder: LineHolder, windowId: string, open: () => Promise<string>): { url: Promise<string>; place: PlaceInLine };
  /** Where she stands, or undefined when her checkout is not being opened. */
  placeOf(holder: LineHolder, windowId: string): PlaceInLine | undefined;
  /** Where a newcomer of this priority would stand. */
  placeAtEnd(priority: Priority): PlaceInLine;
  /**
   * True when her checkout would keep her waiting longer than a request should: every opening under way
   * ahead of hers takes its turn at the pace first (her own, if a first click already started it).
   */
  isLong(holder: LineHolder, windowId: string): boolean;
  /**
   * True when a newcomer should be told checkout is busy (try again in a minute) rather than promised a
   * turn that would not come: for a proven visitor, when the proven line already holds the longest wait we
   * allow; for an anonymous one, also when MAX anonymous openings are under way. Someone already in line is
   * never turned away, and anonymous openings never make a proven visitor busy.
   */
  isFull(holder: LineHolder, windowId: string): boolean;
  /** Checkouts being opened now: each will take one turn of each pacer it needs. */
  underWay(): number;
}

/** One checkout being opened: its priority, its number in the order of its priority, the URL once open. */
interface Opening {
  priority: Priority;
  number: number;
  url: Promise<string>;
}

export interface CheckoutLineOptions {
  /** Stripe calls per second. */
  perSecond: number;
  /** Anonymous openings under way at most; see MAX_ANONYMOUS_OPENINGS. */
  maxAnonymous: number;
}

export function createCheckoutLine(options: CheckoutLineOptions): CheckoutLine {
  const { perSecond, maxAnonymous } = options;
  const openings = new Map<string, Opening>();
  const started: Record<Priority, number> = { proven: 0, anonymous: 0 };
  const finished: Record<Priority, number> = { proven: 0, anonymous: 0 };
  const keyOf = (holder: LineHolder, windowId: string) => `${keyOfHolder(holder)} ${windowId}`;
  const underWayOf = (priority: Priority) => started[priority] - finished[priority];
  /** Openings a newcomer of this priority would find ahead of her. */
  const aheadOfNewcomer = (priority: Priority) =>
    priority === "proven" ? underWayOf("proven") : underWayOf("proven") + underWayOf("anonymous");
  const aheadOfOpening = (opening: Opening) => {
    const sameLine = Math.max(0, opening.number - finished[opening.priority] - 1);
    return opening.priority === "proven" ? sameLine : underWayOf("proven") + sameLine;
  };
  const aheadOf = (holder: LineHolder, windowId: string) => {
    const opening = openings.get(keyOf(holder, windowId));
    return opening && aheadOfOpening(opening);
  };
  const waitMs = (ahead: number) => ((ahead + 1) / perSecond) * 1000;
  const place = (ahead: number): PlaceInLine => ({ ahead, waitSeconds: Math.ceil((ahead + 1) / perSecond) });
  return {
    join(holder, windowId, open) {
      const key = keyOf(holder, windowId);
      let opening = openings.get(key);
      if (!opening) {
        const priority = priorityOfHolder(holder);
        opening = {
          priority,
          number: ++started[priority],
          url: open().finally(() => {
            openings.delete(key);
            finished[priority]++;
          }),
        };
        openings.set(key, opening);
      }
      return { url: opening.url, place: place(aheadOfOpening(opening)) };
    },
    placeOf(holder, windowId) {
      const ahead = aheadOf(holder, windowId);
      return ahead === undefined ? undefined : place(ahead);
    },
    placeAtEnd: (priority) => place(aheadOfNewcomer(priority)),
    isLong: (holder, windowId) =>
      waitMs(aheadOf(holder, windowId) ?? aheadOfNewcomer(priorityOfHolder(holder))) > WAIT_IN_REQUEST_MS,
    isFull(holder, windowId) {
      if (aheadOf(holder, windowId) !== undefined) return false;
      const priority = priorityOfHolder(holder);
      if (priority === "anonymous" && underWayOf("anonymous") >= maxAnonymous) return true;
      return waitMs(aheadOfNewcomer(priority)) > MAX_CHECKOUT_WAIT_MS;
    },
    underWay: () => underWayOf("proven") + underWayOf("anonymous"),
  };
}
