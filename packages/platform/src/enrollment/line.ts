/**
 * The line at the doors. Stripe takes checkout sessions at a steady pace, so in a doors-open rush the
 * people after the first few hundred wait their turn. When her wait would be more than a few seconds,
 * she gets a place in line at once (a signed ticket) instead of a request that hangs: her checkout keeps
 * opening in the background, and the line page (or `GET /api/enroll/line`) tells her how many are ahead
 * and sends her to checkout when it is open.
 *
 * The line lives in PostgreSQL (`enroll_openings`, see @academy/db/queries/enroll-line), so every instance
 * answers the same place for the same ticket, a second click on another instance joins the opening under
 * way, and the two-minute cap counts everyone. Each priority is numbered in the order people joined it;
 * her place is how many numbers under way come before hers (the span from the first under way to hers: the
 * line is served in order, so the few that finish out of order barely move it). Proven visitors go ahead
 * of anonymous ones, anonymous openings are capped, and only anonymous visitors are ever told the line is
 * full because of them. This module holds the tickets and the arithmetic of places, the same on every
 * instance; enrollment.ts reads the line and opens the checkouts.
 *
 * The line holds people, not typed strings: a proven visitor by her account, an anonymous one by the
 * random id her browser keeps. A ticket outlives a restart: if her opening is no longer under way, asking
 * about it starts it again, and the idempotency keys land it on the same checkout.
 */
import { signValue, verifySignedValue } from "@academy/auth";
import type { LineFigures, LineSpan } from "@academy/db/queries/enroll-line";
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
  return { holder: holderOfKey(key), windowId };
}

/** Who a line key (see keyOfHolder) stands for. */
export function holderOfKey(key: string): LineHolder {
  return key.startsWith(ANONYMOUS_PREFIX)
    ? { kind: "anonymous", anonymousId: key.slice(ANONYMOUS_PREFIX.length) }
    : { kind: "account", userId: key };
}

/** The pacers' line a holder waits in. */
export function priorityOfHolder(holder: LineHolder): Priority {
  return holder.kind === "account" ? "proven" : "anonymous";
}

/** How the line stores her: her account id, or `anon:` and her anonymous id. */
export function keyOfHolder(holder: LineHolder): string {
  return holder.kind === "account" ? holder.userId : `${ANONYMOUS_PREFIX}${holder.anonymousId}`;
}

/** The line's arithmetic: how fast it moves, and how many anonymous openings it holds. */
export interface LineOptions {
  /** Checkouts opened per second (Stripe's pace, and its budget shared by the calls each opening makes). */
  perSecond: number;
  /** Anonymous openings under way at most; see MAX_ANONYMOUS_OPENINGS. */
  maxAnonymous: number;
}

/** Openings under way in one priority's line. */
function countOf(span: LineSpan): number {
  return span.last === 0 ? 0 : span.last - span.first + 1;
}

/** Every opening under way, in both lines. */
export function countUnderWay(figures: LineFigures): number {
  return countOf(figures.proven) + countOf(figures.anonymous);
}

/** Openings a newcomer of this priority finds ahead of her: the proven line, and for anonymous ones theirs too. */
function aheadOfNewcomer(figures: LineFigures, priority: Priority): number {
  const proven = countOf(figures.proven);
  return priority === "proven" ? proven : proven + countOf(figures.anonymous);
}

/** True when her row is in line now (waiting for her turn, or being opened). */
export function isUnderWay(figures: LineFigures): boolean {
  return figures.mine?.state === "waiting" || figures.mine?.state === "opening";
}

function placeFor(ahead: number, options: LineOptions): PlaceInLine {
  return { ahead, waitSeconds: Math.ceil((ahead + 1) / options.perSecond) };
}

/** Where she stands, or undefined when her checkout is not being opened. */
export function placeOf(figures: LineFigures, options: LineOptions): PlaceInLine | undefined {
  const mine = figures.mine;
  if (!mine || !isUnderWay(figures)) return undefined;
  const span = mine.priority === "proven" ? figures.proven : figures.anonymous;
  const sameLine = Math.max(0, mine.number - span.first);
  return placeFor(mine.priority === "proven" ? sameLine : countOf(figures.proven) + sameLine, options);
}

/** Where a newcomer of this priority would stand. */
export function placeAtEnd(figures: LineFigures, priority: Priority, options: LineOptions): PlaceInLine {
  return placeFor(aheadOfNewcomer(figures, priority), options);
}

/** True when her turn is too far away to wait for in the request: she gets her place in line instead. */
export function isLong(place: PlaceInLine, options: LineOptions): boolean {
  return ((place.ahead + 1) / options.perSecond) * 1000 > WAIT_IN_REQUEST_MS;
}

/**
 * True when a newcomer should be told checkout is busy (try again in a minute) rather than promised a turn
 * that would not come: for a proven visitor, when the proven line already holds the longest wait we allow;
 * for an anonymous one, also when MAX anonymous openings are under way. Someone already in line is never
 * turned away, and anonymous openings never make a proven visitor busy.
 */
export function isFull(figures: LineFigures, priority: Priority, options: LineOptions): boolean {
  if (isUnderWay(figures)) return false;
  if (priority === "anonymous" && countOf(figures.anonymous) >= options.maxAnonymous) return true;
  return ((aheadOfNewcomer(figures, priority) + 1) / options.perSecond) * 1000 > MAX_CHECKOUT_WAIT_MS;
}

/**
 * True when she joined beyond the cap: people who clicked at the same moment all found room, and the line
 * numbers them in order, so those numbered past the cap (MAX anonymous openings, or two minutes of the pace)
 * are told checkout is busy after all.
 */
export function isBeyondCap(figures: LineFigures, options: LineOptions): boolean {
  const mine = figures.mine;
  const place = placeOf(figures, options);
  if (!mine || !place) return false;
  if (mine.priority === "anonymous" && mine.number - figures.anonymous.first >= options.maxAnonymous) return true;
  return ((place.ahead + 1) / options.perSecond) * 1000 > MAX_CHECKOUT_WAIT_MS;
}
