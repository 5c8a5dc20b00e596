/**
 * The line at the doors. Stripe takes checkout sessions at a steady pace, so in a doors-open rush the
 * people after the first few hundred wait their turn. When her wait would be more than a few seconds,
 * she gets a place in line at once (a signed ticket) instead of a request that hangs: her checkout keeps
 * opening in the background, and the line page (or `GET /api/enroll/line`) tells her how many are ahead
 * and sends her to checkout when it is open. A ticket outlives a restart: if her opening is no longer
 * under way, asking about it starts it again, and the idempotency keys land it on the same checkout.
 *
 * @example
 * const ticket = lineTicket(appSecret, user.id, window.id);
 * const state = await checkLine(services, ticket); // { state: "waiting", ahead: 120, waitSeconds: 7 }
 */
import { signValue, verifySignedValue } from "@academy/auth";
import { findOpenCheckout } from "@academy/db/queries/billing";
import { getEnrollmentWindow } from "@academy/db/queries/enrollment";
import { users } from "@academy/db/schema";
import { eq } from "drizzle-orm";
import type { Services } from "../services.ts";
import {
  type CheckoutParams,
  MAX_CHECKOUT_WAIT_MS,
  openingsAhead,
  openingsUnderWay,
  type StripePacers,
  startOpening,
} from "./checkout.ts";

const LINE_PURPOSE = "enroll-line";

/** Longer than this, and she waits in line rather than in the request. */
export const WAIT_IN_REQUEST_MS = 3_000;

export type LineState =
  | { state: "ready"; checkoutUrl: string }
  | { state: "waiting"; ahead: number; waitSeconds: number }
  | { state: "closed" }
  | { state: "invalid" };

type LineServices = Pick<Services, "database" | "billing" | "stripePacers" | "siteUrl" | "appSecret" | "clock">;

export function lineTicket(appSecret: string, userId: string, windowId: string): string {
  return signValue(appSecret, LINE_PURPOSE, `${userId} ${windowId}`);
}

/**
 * True when her checkout would keep her waiting longer than a request should: every opening under way
 * ahead of hers takes its turn at the pace first (her own, if a first click already started it).
 */
export function lineIsLong(pacers: StripePacers, userId: string, windowId: string): boolean {
  const ahead = openingsAhead(userId, windowId) ?? openingsUnderWay();
  return ((ahead + 1) / pacers.perSecond) * 1000 > WAIT_IN_REQUEST_MS;
}

/**
 * True when the line already holds as many people as Stripe's pace serves in the longest wait we allow:
 * a newcomer is told checkout is busy (try again in a minute) rather than promised a turn that would
 * never come. Someone already in line is never turned away.
 */
export function lineIsFull(pacers: StripePacers, userId: string, windowId: string): boolean {
  if (openingsAhead(userId, windowId) !== undefined) return false;
  return ((openingsUnderWay() + 1) / pacers.perSecond) * 1000 > MAX_CHECKOUT_WAIT_MS;
}

/** Puts her in line: her checkout opens in the background. Returns where she stands. */
export function joinLine(services: LineServices, params: CheckoutParams): LineState {
  const opening = startOpening(services.database.db, services.billing, services.stripePacers, params);
  opening.url.catch((error: unknown) => {
    // She is still in line: her next look at the line starts the opening again.
    console.error(`[enroll] opening a checkout in the background failed for ${params.userId}:`, error);
  });
  return waiting(services.stripePacers, openingsAhead(params.userId, params.windowId) ?? 0);
}

/** Where the ticket's holder stands: her checkout is open, or how many are ahead of her. */
export async function checkLine(services: LineServices, ticket: string): Promise<LineState> {
  const value = verifySignedValue(services.appSecret, LINE_PURPOSE, ticket);
  const [userId, windowId] = value?.split(" ") ?? [];
  if (!userId || !windowId) return { state: "invalid" };
  const db = services.database.db;
  const now = services.clock.now();
  const open = await findOpenCheckout(db, userId, windowId, now);
  if (open) return { state: "ready", checkoutUrl: open.url };
  const ahead = openingsAhead(userId, windowId);
  if (ahead !== undefined) return waiting(services.stripePacers, ahead);
  // Not under way here (the server restarted, or Stripe failed): she goes on with the same ticket.
  const window = await getEnrollmentWindow(db, windowId);
  if (!window || window.cancelledAt || window.closesAt <= now) return { state: "closed" };
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { state: "invalid" };
  // A full line keeps her ticket: she goes on as soon as there is room.
  if (lineIsFull(services.stripePacers, userId, windowId)) return waiting(services.stripePacers, openingsUnderWay());
  return joinLine(services, { userId, email: user.email, windowId, siteUrl: services.siteUrl, now });
}

function waiting(pacers: StripePacers, ahead: number): LineState {
  return { state: "waiting", ahead, waitSeconds: Math.ceil((ahead + 1) / pacers.perSecond) };
}
