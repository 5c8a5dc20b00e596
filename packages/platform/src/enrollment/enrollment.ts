import { consumeRateLimit, findOrCreateUser, type User } from "@academy/auth";
import type { DatabaseHandle } from "@academy/db/client";
import { findUserEmail } from "@academy/db/queries/account";
import {
  type AnonymousCheckout,
  CURRENT_STATUSES,
  countWindowMembers,
  type EnrollmentState,
  findAnonymousCheckout,
  findEnrollmentState,
  findOpenCheckout,
} from "@academy/db/queries/billing";
import { type EnrollmentWindowRow, getEnrollmentWindow } from "@academy/db/queries/enrollment";
import { recordEnrollLinkClick } from "@academy/db/queries/funnel";
import { decideEnrollment, type EnrollDecision, formatMoment, type Phase, phaseAt } from "@academy/doors";
import { type CheckoutBuyer, createCheckout, createStripePacers } from "../billing/checkout.ts";
import { type Priority, QueueFullError } from "../billing/rate-limiter.ts";
import type { StripeBilling } from "../billing/stripe-billing.ts";
import type { CurrentWindow } from "../doors/current-window.ts";
import type { Clock } from "../services.ts";
import { ANONYMOUS_CLICKS_PER_NETWORK, MAX_ANONYMOUS_OPENINGS, newEnrollPass, readEnrollPass } from "./anonymous.ts";
import {
  createCheckoutLine,
  type LineHolder,
  type LineState,
  lineTicket,
  type PlaceInLine,
  priorityOfHolder,
  readLineTicket,
  WAIT_IN_REQUEST_MS,
} from "./line.ts";
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
  /** Anonymous checkouts opened at once, at most (default MAX_ANONYMOUS_OPENINGS). */
  maxAnonymousOpenings?: number;
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
  /**
   * The address she typed. It proves nothing, so it is never looked up: it is only prefilled on an
   * anonymous visitor's checkout page, where Stripe confirms it. Her account's or her link's comes first.
   */
  email: string | undefined;
  /** Her enroll pass (the cookie an earlier anonymous click set), if her browser has one. */
  pass: string | undefined;
  /** The network the click came from (an IPv4 address or an IPv6 /64): anonymous clicks are limited per network. */
  network: string;
}

/** Why she cannot go to checkout now; each comes with the message that tells her what to do. */
export type EnrollRefusal =
  | "doors-closed"
  | "not-open-yet"
  | "waitlist-only"
  | "full"
  | "already-member"
  | "already-paid"
  | "too-many-clicks"
  | "busy";

export type EnrollResult =
  /** Her checkout page, open now. */
  | { kind: "checkout"; url: string; pass?: string }
  /** A rush: her checkout opens in the background, and the ticket tells her where she stands. */
  | { kind: "line"; ticket: string; place: PlaceInLine; pass?: string }
  /** `retryAfterSeconds`: when trying again makes sense (a rate limit, a busy line). */
  | { kind: "refused"; reason: EnrollRefusal; message: string; retryAfterSeconds?: number };

/**
 * Enrollment as one service: who may enroll now, and the way to her checkout page through the line at
 * the doors (see line.ts). It owns its state (the pacers of the Stripe calls and the checkouts being
 * opened), one per service, so every test and every process has its own.
 *
 * A visitor is proven when she is signed in or holds her personal enroll link: she has an account, one
 * Stripe customer, one checkout per window, and goes ahead at Stripe's pace. Anyone else is anonymous,
 * whatever address she typed: that address is never looked up (so no answer tells whether it belongs to
 * a member, and nobody gets another person's checkout), no account or Stripe customer is made for her,
 * her clicks are limited per network, and her checkout (without a customer) waits behind proven ones.
 */
export interface Enrollment {
  /** The doors as this visitor finds them now. */
  checkDoor(visitor: DoorVisitor): Promise<Door>;
  /** Counts her visit for the coach's funnel when she came by her personal link while doors are open. */
  recordVisit(door: Door): Promise<void>;
  /** Enroll now: her checkout page, her place in line, or why not. An anonymous answer carries her pass. */
  enroll(request: EnrollRequest): Promise<EnrollResult>;
  /** Where the ticket's holder stands: her checkout is open, or how many are ahead of her. */
  checkLine(ticket: string): Promise<LineState>;
  /** Checkouts being opened by this service now. */
  openingsUnderWay(): number;
}

/**
 * @example
 * const enrollment = createEnrollment({ database, billing, clock, currentWindow, appSecret, siteUrl, perSecond: 20 });
 * const result = await enrollment.enroll({ user, invite, email, pass, network }); // { kind: "checkout", url }
 */
export function createEnrollment(options: EnrollmentOptions): Enrollment {
  const { database, billing, clock, currentWindow, appSecret, siteUrl } = options;
  const pacers = createStripePacers(options.perSecond);
  const line = createCheckoutLine({
    perSecond: options.perSecond,
    maxAnonymous: options.maxAnonymousOpenings ?? MAX_ANONYMOUS_OPENINGS,
  });

  /**
   * Starts (or joins) opening her checkout. Every caller has just found none open for her, so this goes
   * straight to Stripe: a checkout another instance opened since is the same one, by its idempotency key.
   */
  function startOpening(buyer: CheckoutBuyer, windowId: string, now: Date) {
    return line.join(holderOf(buyer), windowId, () =>
      createCheckout(database.db, billing, pacers, { buyer, windowId, now, siteUrl }),
    );
  }

  /** Puts her in line: her checkout opens in the background. Returns where she stands. */
  function joinLine(buyer: CheckoutBuyer, windowId: string, now: Date): PlaceInLine {
    const opening = startOpening(buyer, windowId, now);
    logFailureOf(opening.url, buyer);
    return opening.place;
  }

  /** An opening nobody waits for: she is still in line, and her next look at the line starts it again. */
  function logFailureOf(url: Promise<string>, buyer: CheckoutBuyer) {
    url.catch((error: unknown) => {
      const who = buyer.kind === "account" ? buyer.userId : "an anonymous visitor";
      console.error(`[enroll] opening a checkout in the background failed for ${who}:`, error);
    });
  }

  /**
   * Her checkout now when her turn is close, else her place in line; busy when the line has no room for
   * her. `pass` goes back with an anonymous visitor's answer, for her browser to keep.
   */
  async function goToCheckout(buyer: CheckoutBuyer, windowId: string, now: Date, pass?: string) {
    const holder = holderOf(buyer);
    const priority = priorityOfHolder(holder);
    if (line.isFull(holder, windowId)) return busy(priority);
    const withPass = pass === undefined ? {} : { pass };
    const inLine = (place: PlaceInLine) =>
      ({ kind: "line", ticket: lineTicket(appSecret, holder, windowId), place, ...withPass }) as const;
    // In a rush she gets her place in line at once rather than a request that hangs until Stripe's turn.
    if (line.isLong(holder, windowId)) return inLine(joinLine(buyer, windowId, now));
    const opening = startOpening(buyer, windowId, now);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), WAIT_IN_REQUEST_MS);
    });
    try {
      const url = await Promise.race([opening.url, late]);
      if (url !== undefined) return { kind: "checkout", url, ...withPass } as const;
    } catch (error) {
      if (error instanceof QueueFullError) return busy(priority);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    // Her turn is later than it looked (people who proved who they are went first): her place in line, while
    // her checkout goes on opening in the background.
    logFailureOf(opening.url, buyer);
    return inLine(line.placeOf(holder, windowId) ?? line.placeAtEnd(priority));
  }

  /** A visitor who proved who she is: today's way, one account, one customer, one checkout per window. */
  async function enrollProven(email: string, user: User | undefined, window: EnrollmentWindowRow, now: Date) {
    // One round trip answers a repeat click; only a first click goes on to open a checkout.
    const known = await findEnrollmentState(database.db, { email, windowId: window.id, now });
    if (hasCurrentSubscription(known)) return alreadyMember(known.subscription);
    if (known?.openCheckoutUrl) return { kind: "checkout", url: known.openCheckoutUrl } as const;
    const member = user ?? known?.user ?? (await findOrCreateUser(database.db, email));
    return goToCheckout({ kind: "account", userId: member.id, email: member.email }, window.id, now);
  }

  /**
   * Anyone else. Her browser's pass brings her back to her own checkout (or her place in line); a click
   * that would start a new one counts against her network's limit first.
   */
  async function enrollAnonymously(request: EnrollRequest, window: EnrollmentWindowRow, now: Date) {
    let known = readEnrollPass(appSecret, request.pass);
    if (known) {
      const mine = await findAnonymousCheckout(database.db, { anonymousId: known, windowId: window.id });
      if (mine?.completedAt) return alreadyPaid();
      if (mine && isOpen(mine, now)) return { kind: "checkout", url: mine.url, pass: request.pass } as const;
      // Hers expired unpaid: a new pass, so Stripe opens a new checkout rather than replaying the old one.
      if (mine) known = undefined;
    }
    const holder: LineHolder | undefined = known ? { kind: "anonymous", anonymousId: known } : undefined;
    if (!holder || !line.placeOf(holder, window.id)) {
      const limit = await consumeRateLimit(
        database.db,
        { key: `enroll:anonymous:${request.network}`, ...ANONYMOUS_CLICKS_PER_NETWORK },
        now,
      );
      if (!limit.allowed) return tooManyClicks(limit.retryAfterSeconds);
    }
    const { anonymousId, pass } =
      known && request.pass ? { anonymousId: known, pass: request.pass } : newEnrollPass(appSecret);
    return goToCheckout({ kind: "anonymous", anonymousId, email: request.email }, window.id, now, pass);
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

    async enroll(request): Promise<EnrollResult> {
      const door = await checkDoor(request);
      if (!door.window) {
        return refused("doors-closed", "Doors are closed right now. Join the waitlist to hear when they open.");
      }
      const { now, window, decision } = door;
      if (!decision.allowed) return refusedAtDoor(decision, window);
      const provenEmail = request.user?.email ?? door.visitor.invited?.email;
      if (provenEmail) return enrollProven(provenEmail, request.user, window, now);
      return enrollAnonymously(request, window, now);
    },

    async checkLine(ticket) {
      const holding = readLineTicket(appSecret, ticket);
      if (!holding) return { state: "invalid" };
      const { holder, windowId } = holding;
      const now = clock.now();
      const checkoutUrl = await findReadyCheckout(holder, windowId, now);
      if (checkoutUrl) return { state: "ready", checkoutUrl };
      const place = line.placeOf(holder, windowId);
      if (place) return { state: "waiting", ...place };
      // Not under way here (the server restarted, or Stripe failed): she goes on with the same ticket.
      const window = await getEnrollmentWindow(database.db, windowId);
      if (!window || window.cancelledAt || window.closesAt <= now) return { state: "closed" };
      const buyer = await buyerOf(holder);
      if (!buyer) return { state: "invalid" };
      // A full line keeps her ticket: she goes on as soon as there is room.
      if (line.isFull(holder, windowId)) return { state: "waiting", ...line.placeAtEnd(priorityOfHolder(holder)) };
      return { state: "waiting", ...joinLine(buyer, windowId, now) };
    },

    openingsUnderWay: () => line.underWay(),
  };

  /** The checkout a ticket leads to now, if it is open (an anonymous one also once paid: Stripe's page says so). */
  async function findReadyCheckout(holder: LineHolder, windowId: string, now: Date): Promise<string | undefined> {
    if (holder.kind === "account") return (await findOpenCheckout(database.db, holder.userId, windowId, now))?.url;
    const mine = await findAnonymousCheckout(database.db, { anonymousId: holder.anonymousId, windowId });
    return mine && (isOpen(mine, now) || mine.completedAt) ? mine.url : undefined;
  }

  /**
   * The buyer behind a ticket whose opening is no longer under way. The address an anonymous visitor typed
   * is not in her ticket: her checkout opens without it, and Stripe asks for it.
   */
  async function buyerOf(holder: LineHolder): Promise<CheckoutBuyer | undefined> {
    if (holder.kind === "anonymous") return { kind: "anonymous", anonymousId: holder.anonymousId, email: undefined };
    const email = await findUserEmail(database.db, { userId: holder.userId });
    return email ? { kind: "account", userId: holder.userId, email } : undefined;
  }
}

/** Still worth handing out: neither paid nor expired, and not past its expiry. */
function isOpen(checkout: AnonymousCheckout, now: Date): boolean {
  return !checkout.completedAt && !checkout.expiredAt && checkout.expiresAt > now;
}

function holderOf(buyer: CheckoutBuyer): LineHolder {
  return buyer.kind === "account"
    ? { kind: "account", userId: buyer.userId }
    : { kind: "anonymous", anonymousId: buyer.anonymousId };
}

const currentStatuses: ReadonlySet<string> = new Set(CURRENT_STATUSES);

/**
 * True when she has a subscription that is not over, whatever state it is in (active, past due, paused):
 * one person has one subscription, so she manages that one rather than starting a second.
 */
function hasCurrentSubscription(
  known: EnrollmentState | undefined,
): known is EnrollmentState & { subscription: NonNullable<EnrollmentState["subscription"]> } {
  const subscription = known?.subscription;
  return !!subscription && (currentStatuses.has(subscription.status) || subscription.pausedAt !== null);
}

function alreadyMember(subscription: NonNullable<EnrollmentState["subscription"]>): EnrollResult {
  if (subscription.status === "paused" || subscription.pausedAt !== null) {
    return refused(
      "already-member",
      "You're already a member, and your membership is paused: resume it from your account.",
    );
  }
  if (subscription.status === "past_due") {
    return refused(
      "already-member",
      "You're already a member, and your last payment didn't go through: update your card from your account.",
    );
  }
  return refused("already-member", "You're already a member: open your account to manage your membership.");
}

function alreadyPaid(): EnrollResult {
  return refused(
    "already-paid",
    "You've already paid for this membership in this browser. Sign in with the email address you paid with to open your account.",
  );
}

function refused(reason: EnrollRefusal, message: string, retryAfterSeconds?: number): EnrollResult {
  return retryAfterSeconds === undefined
    ? { kind: "refused", reason, message }
    : { kind: "refused", reason, message, retryAfterSeconds };
}

/** Checkout is busy: proven visitors only when Stripe's pace is booked for two minutes, anonymous ones sooner. */
function busy(priority: Priority): EnrollResult {
  const message = "So many people are enrolling right now that checkout is busy. Please try again in a minute.";
  return priority === "proven" ? refused("busy", message, 30) : refused("busy", `${message} ${GO_AHEAD}`, 30);
}

/** What an anonymous visitor can do to go ahead of the limits and the line: prove who she is. */
const GO_AHEAD =
  'Signed-in visitors and anyone using the personal link from her "doors are open" email go ahead: sign in first, or use your link.';

function tooManyClicks(retryAfterSeconds: number): EnrollResult {
  const wait =
    retryAfterSeconds === 1
      ? "a second"
      : retryAfterSeconds <= 90
        ? `${retryAfterSeconds} seconds`
        : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  return refused(
    "too-many-clicks",
    `Too many enroll clicks have come from your network in the last minute. Please try again in ${wait}. ${GO_AHEAD}`,
    retryAfterSeconds,
  );
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
