import { findOrCreateUser, type User } from "@academy/auth";
import type { DatabaseHandle } from "@academy/db/client";
import { findUserEmail } from "@academy/db/queries/account";
import { countWindowMembers, findEnrollmentState, findOpenCheckout } from "@academy/db/queries/billing";
import { type EnrollmentWindowRow, getEnrollmentWindow } from "@academy/db/queries/enrollment";
import { recordEnrollLinkClick } from "@academy/db/queries/funnel";
import { decideEnrollment, type EnrollDecision, formatMoment, type Phase, phaseAt } from "@academy/doors";
import { type CheckoutParams, createCheckout, createStripePacers } from "../billing/checkout.ts";
import { isLive } from "../billing/membership.ts";
import { QueueFullError } from "../billing/rate-limiter.ts";
import type { StripeBilling } from "../billing/stripe-billing.ts";
import type { CurrentWindow } from "../doors/current-window.ts";
import type { Clock } from "../services.ts";
import { createCheckoutLine, type LineState, lineTicket, type PlaceInLine, readLineTicket } from "./line.ts";
import { type EnrollVisitor, identifyEnrollVisitor } from "./visitor.ts";

export interface EnrollmentOptions {
  database: DatabaseHandle;
  billing: StripeBilling;
  clock: Clock;
  /** The window visitors see now: the enroll page and enrolling read the same one. */
  currentWindow: CurrentWindow;
  appSecret: string;
  siteUrl: string;
  /** Stripe calls per second enrolling makes to each endpoint (STRIPE_CHECKOUT_PER_SECOND; Stripe allows 25). */
  perSecond: number;
}

/** Who is at the door: her signed-in account and her personal link from the doors-open email, if any. */
export interface DoorVisitor {
  user: User | undefined;
  invite: string | undefined;
}

/** The doors as one visitor finds them, at one instant: the one rule the enroll page and enrolling apply. */
export type Door =
  | { now: Date; window: undefined; phase: "closed"; visitor: undefined; decision: undefined }
  | { now: Date; window: EnrollmentWindowRow; phase: Phase; visitor: EnrollVisitor; decision: EnrollDecision };

export interface EnrollRequest extends DoorVisitor {
  /** The address she typed; her account's or her link's comes first. */
  email: string | undefined;
}

/** Why she cannot go to checkout now; each comes with the message that tells her what to do. */
export type EnrollRefusal =
  | "doors-closed"
  | "not-open-yet"
  | "waitlist-only"
  | "full"
  | "email-required"
  | "already-member"
  | "busy";

export type EnrollResult =
  /** Her checkout page, open now. */
  | { kind: "checkout"; url: string }
  /** A rush: her checkout opens in the background, and the ticket tells her where she stands. */
  | { kind: "line"; ticket: string; place: PlaceInLine }
  | { kind: "refused"; reason: EnrollRefusal; message: string };

/**
 * Enrollment as one service: who may enroll now, and the way to her checkout page through the line at
 * the doors (see line.ts). It owns its state (the pacers of the Stripe calls and the checkouts being
 * opened), one per service, so every test and every process has its own.
 */
export interface Enrollment {
  /** The doors as this visitor finds them now. */
  checkDoor(visitor: DoorVisitor): Promise<Door>;
  /** Counts her visit for the coach's funnel when she came by her personal link while doors are open. */
  recordVisit(door: Door): Promise<void>;
  /** Enroll now: her checkout page, her place in line, or why not. */
  enroll(request: EnrollRequest): Promise<EnrollResult>;
  /** Where the ticket's holder stands: her checkout is open, or how many are ahead of her. */
  checkLine(ticket: string): Promise<LineState>;
  /** Checkouts being opened by this service now. */
  openingsUnderWay(): number;
}

/**
 * @example
 * const enrollment = createEnrollment({ database, billing, clock, currentWindow, appSecret, siteUrl, perSecond: 20 });
 * const result = await enrollment.enroll({ user, invite, email }); // { kind: "checkout", url }
 */
export function createEnrollment(options: EnrollmentOptions): Enrollment {
  const { database, billing, clock, currentWindow, appSecret, siteUrl } = options;
  const pacers = createStripePacers(options.perSecond);
  const line = createCheckoutLine(options.perSecond);

  /**
   * Starts (or joins) opening her checkout. Every caller has just found none open for her, so this goes
   * straight to Stripe: a checkout another instance opened since is the same one, by its idempotency key.
   */
  function startOpening(params: Omit<CheckoutParams, "siteUrl">) {
    return line.join(params.userId, params.windowId, () =>
      createCheckout(database.db, billing, pacers, { ...params, siteUrl }),
    );
  }

  /** Puts her in line: her checkout opens in the background. Returns where she stands. */
  function joinLine(params: Omit<CheckoutParams, "siteUrl">): PlaceInLine {
    const opening = startOpening(params);
    opening.url.catch((error: unknown) => {
      // She is still in line: her next look at the line starts the opening again.
      console.error(`[enroll] opening a checkout in the background failed for ${params.userId}:`, error);
    });
    return opening.place;
  }

  async function checkDoor({ user, invite }: DoorVisitor): Promise<Door> {
    const now = clock.now();
    const window = await currentWindow.at(now);
    if (!window) return { now, window: undefined, phase: "closed", visitor: undefined, decision: undefined };
    const visitor = await identifyEnrollVisitor(database.db, appSecret, invite, user);
    const seatsTaken = window.capacity === null ? 0 : await countWindowMembers(database.db, window.id);
    const decision = decideEnrollment(window, now, visitor, seatsTaken);
    return { now, window, phase: phaseAt(window, now), visitor, decision };
  }

  return {
    checkDoor,

    async recordVisit(door) {
      const invited = door.visitor?.invited;
      if (door.window && invited && door.phase !== "scheduled") {
        await recordEnrollLinkClick(database.db, door.window.id, invited.id);
      }
    },

    async enroll(request) {
      const door = await checkDoor(request);
      if (!door.window) {
        return refused("doors-closed", "Doors are closed right now. Join the waitlist to hear when they open.");
      }
      const { now, window, decision } = door;
      if (!decision.allowed) return refusedAtDoor(decision, window);
      const email = request.user?.email ?? door.visitor.invited?.email ?? request.email;
      if (!email) return refused("email-required", "Enter your email address to enroll.");
      // One round trip answers a repeat click; only a first click goes on to open a checkout.
      const known = await findEnrollmentState(database.db, { email, windowId: window.id, now });
      if (isLive(known?.subscription)) {
        return refused("already-member", "You're already a member: open your account to manage your membership.");
      }
      if (known?.openCheckoutUrl) return { kind: "checkout", url: known.openCheckoutUrl };
      const member = request.user ?? known?.user ?? (await findOrCreateUser(database.db, email));
      const params = { userId: member.id, email: member.email, windowId: window.id, now };
      if (line.isFull(member.id, window.id)) return busy();
      // In a rush she gets her place in line at once rather than a request that hangs until Stripe's turn.
      if (line.isLong(member.id, window.id)) {
        return { kind: "line", ticket: lineTicket(appSecret, member.id, window.id), place: joinLine(params) };
      }
      try {
        return { kind: "checkout", url: await startOpening(params).url };
      } catch (error) {
        if (error instanceof QueueFullError) return busy();
        throw error;
      }
    },

    async checkLine(ticket) {
      const holder = readLineTicket(appSecret, ticket);
      if (!holder) return { state: "invalid" };
      const { userId, windowId } = holder;
      const now = clock.now();
      const open = await findOpenCheckout(database.db, userId, windowId, now);
      if (open) return { state: "ready", checkoutUrl: open.url };
      const place = line.placeOf(userId, windowId);
      if (place) return { state: "waiting", ...place };
      // Not under way here (the server restarted, or Stripe failed): she goes on with the same ticket.
      const window = await getEnrollmentWindow(database.db, windowId);
      if (!window || window.cancelledAt || window.closesAt <= now) return { state: "closed" };
      const email = await findUserEmail(database.db, { userId });
      if (!email) return { state: "invalid" };
      // A full line keeps her ticket: she goes on as soon as there is room.
      if (line.isFull(userId, windowId)) return { state: "waiting", ...line.placeAtEnd() };
      return { state: "waiting", ...joinLine({ userId, email, windowId, now }) };
    },

    openingsUnderWay: () => line.underWay(),
  };
}

function refused(reason: EnrollRefusal, message: string): EnrollResult {
  return { kind: "refused", reason, message };
}

function busy(): EnrollResult {
  return refused("busy", "So many people are enrolling right now that checkout is busy. Please try again in a minute.");
}

function refusedAtDoor(
  decision: Extract<EnrollDecision, { allowed: false }>,
  window: EnrollmentWindowRow,
): EnrollResult {
  switch (decision.reason) {
    case "not-open-yet":
      return refused("not-open-yet", `Doors open on ${formatMoment(decision.opensAt, window.timeZone)}.`);
    case "waitlist-only":
      return refused(
        "waitlist-only",
        `Only the waitlist can enroll until ${formatMoment(decision.publicOpensAt, window.timeZone)}. Use the link in your "doors are open" email, or sign in with your waitlist email.`,
      );
    case "full":
      return refused("full", "This enrollment is full. Join the waitlist to be first next time.");
    default:
      return refused("doors-closed", "Doors have closed. Join the waitlist to hear when they open again.");
  }
}
