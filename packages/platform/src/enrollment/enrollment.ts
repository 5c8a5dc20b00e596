import { consumeRateLimit, findOrCreateUser, generateRandomString, type User } from "@academy/auth";
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
import {
  type ClaimedOpening,
  claimNextOpening,
  finishOpening,
  joinLine,
  type LineFigures,
  readLine,
  renewLeases,
  withdrawFromLine,
} from "@academy/db/queries/enroll-line";
import { type EnrollmentWindowRow, getEnrollmentWindow } from "@academy/db/queries/enrollment";
import { recordEnrollLinkClick } from "@academy/db/queries/funnel";
import { decideEnrollment, type EnrollDecision, formatMoment, type Phase, phaseAt } from "@academy/doors";
import {
  type CheckoutBuyer,
  createCheckout,
  createStripePacers,
  DEFAULT_STRIPE_CALLS_PER_SECOND,
} from "../billing/checkout.ts";
import { type Priority, QueueFullError } from "../billing/rate-limiter.ts";
import type { StripeBilling } from "../billing/stripe-billing.ts";
import type { CurrentWindow } from "../doors/current-window.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "../services.ts";
import { ANONYMOUS_CLICKS_PER_NETWORK, MAX_ANONYMOUS_OPENINGS, newEnrollPass, readEnrollPass } from "./anonymous.ts";
import {
  countUnderWay,
  holderOfKey,
  isBeyondCap,
  isFull,
  isLong,
  isUnderWay,
  keyOfHolder,
  type LineHolder,
  type LineOptions,
  type LineState,
  lineTicket,
  type PlaceInLine,
  placeAtEnd,
  placeOf,
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
  /** Stripe calls per second summed over endpoints, over every instance (STRIPE_CALLS_PER_SECOND, default 24). */
  callsPerSecond?: number;
  /** Anonymous checkouts opened at once, at most (default MAX_ANONYMOUS_OPENINGS). */
  maxAnonymousOpenings?: number;
  /** How long an instance's claim on an opening holds unless renewed (default OPENING_LEASE_MS). */
  leaseMs?: number;
  /** Where work in the background (openings, leases) reports what failed. */
  logger: Pick<Logger, "error">;
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
 * the doors (see line.ts). Every state that must hold across instances lives in PostgreSQL: the line
 * (`enroll_openings`: who waits, in which order, which opening an instance is working on) and Stripe's
 * pace (`stripe_pace`). A service keeps only what is its own: the openings it is working on now.
 *
 * Openings are worked through like a queue shared by every instance: a click puts her in line (or finds
 * her there), and each instance claims the next openings (proven first, then by number) a couple of
 * seconds of Stripe's pace at a time, under a lease it renews while it works. An instance that dies leaves
 * its leases to run out; the next look at the line on any instance takes those openings over at their
 * places, and the idempotency keys land them on the checkouts already begun.
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
  /** Checkouts being opened now over every instance, as this service last read the line. */
  openingsUnderWay(): number;
}

/** How long an instance's claim on an opening holds without renewal: an instance that dies frees them after it. */
export const OPENING_LEASE_MS = 6_000;
/** Seconds of Stripe's pace an instance claims ahead: enough to keep the pace busy, few to redo if it dies. */
const CLAIM_AHEAD_SECONDS = 2;
/** How often a click waiting in the request looks for a checkout another instance opened. */
const READY_POLL_MS = 200;

/**
 * @example
 * const enrollment = createEnrollment({ database, billing, clock, currentWindow, appSecret, siteUrl, perSecond: 20 });
 * const result = await enrollment.enroll({ user, invite, email, pass, network }); // { kind: "checkout", url }
 */
export function createEnrollment(options: EnrollmentOptions): Enrollment {
  const { database, billing, clock, currentWindow, appSecret, siteUrl, logger } = options;
  const db = database.db;
  const callsPerSecond = options.callsPerSecond ?? DEFAULT_STRIPE_CALLS_PER_SECOND;
  const pacers = createStripePacers(db, options.perSecond, callsPerSecond);
  // A proven opening makes two calls (her customer, then her checkout), each within the global budget.
  const lineOptions: LineOptions = {
    perSecond: Math.min(options.perSecond, callsPerSecond / 2),
    maxAnonymous: options.maxAnonymousOpenings ?? MAX_ANONYMOUS_OPENINGS,
  };
  const leaseMs = options.leaseMs ?? OPENING_LEASE_MS;
  const instance = `ins_${generateRandomString(12)}`;
  const claimAhead = Math.max(1, Math.ceil(lineOptions.perSecond * CLAIM_AHEAD_SECONDS));
  /** Openings this instance works on now, by line key; their URL (or failure) is told to clicks waiting here. */
  const working = new Map<string, Promise<string>>();
  let lastUnderWay = 0;
  let claiming = false;
  let claimAgain = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const keyOf = (holder: string, windowId: string) => `${holder} ${windowId}`;

  /** Reads the line for her, and keeps the count of openings under way that openingsUnderWay() reports. */
  async function look(holder: LineHolder, windowId: string): Promise<LineFigures> {
    const figures = await readLine(db, { holder: keyOfHolder(holder), windowId });
    lastUnderWay = countUnderWay(figures);
    return figures;
  }

  /** Proven openings among those this instance works on. */
  const provenWorking = () => [...working.keys()].filter((key) => !key.startsWith("anon:")).length;
  /**
   * Whether to claim another opening now: while this instance has fewer than `claimAhead` under way, and
   * beyond that a proven one while anonymous ones fill the rest (so none of them holds her up). Undefined:
   * claim nothing.
   */
  const nextClaim = () =>
    working.size < claimAhead ? { provenOnly: false } : provenWorking() < claimAhead ? { provenOnly: true } : undefined;

  /** Claims openings while this instance has room (see nextClaim); runs once at a time. */
  function claimOpenings() {
    if (claiming) {
      claimAgain = true;
      return;
    }
    claiming = true;
    void (async () => {
      try {
        do {
          claimAgain = false;
          for (let next = nextClaim(); next; next = nextClaim()) {
            const claimed = await claimNextOpening(db, { instance, leaseMs, ...next });
            if (!claimed) break;
            open(claimed);
          }
        } while (claimAgain && nextClaim());
      } catch (error) {
        logger.error({ err: error }, "enroll: claiming openings failed");
      } finally {
        claiming = false;
      }
    })();
  }

  /** Opens a claimed checkout, renewing the lease meanwhile, and records how it ended. */
  function open(claimed: ClaimedOpening) {
    const key = keyOf(claimed.holder, claimed.windowId);
    const url = (async () => {
      const buyer = await buyerOf(holderOfKey(claimed.holder), claimed.prefillEmail ?? undefined);
      if (!buyer) throw new Error(`no account ${claimed.holder} to open a checkout for`);
      return createCheckout(db, billing, pacers, { buyer, windowId: claimed.windowId, now: clock.now(), siteUrl });
    })();
    working.set(key, url);
    startHeartbeat();
    const finish = (outcome: "open" | "failed") =>
      finishOpening(db, { holder: claimed.holder, windowId: claimed.windowId, instance, outcome });
    url
      .then(
        () => finish("open"),
        async (error: unknown) => {
          // She is still in line for her next look: it starts her opening again.
          logger.error({ err: error, holder: claimed.holder }, "enroll: opening a checkout failed");
          await finish("failed");
        },
      )
      .catch((error: unknown) => logger.error({ err: error }, "enroll: recording an opening failed"))
      .finally(() => {
        working.delete(key);
        if (working.size === 0) stopHeartbeat();
        claimOpenings();
        // The count openingsUnderWay() reports follows this instance's own openings as they finish.
        readLine(db, { holder: "", windowId: claimed.windowId })
          .then((figures) => {
            lastUnderWay = countUnderWay(figures);
          })
          .catch(() => {});
      });
  }

  function startHeartbeat() {
    if (heartbeat) return;
    heartbeat = setInterval(() => {
      renewLeases(db, { instance, leaseMs }).catch((error: unknown) =>
        logger.error({ err: error }, "enroll: renewing the leases of openings failed"),
      );
    }, leaseMs / 3);
    heartbeat.unref();
  }

  function stopHeartbeat() {
    clearInterval(heartbeat);
    heartbeat = undefined;
  }

  /**
   * Her checkout URL if it opens within `ms`: told at once when this instance opens it, else looked for in
   * the database (another instance may be opening it). Undefined when it is not open by then.
   */
  async function waitForCheckout(holder: LineHolder, windowId: string, ms: number): Promise<string | undefined> {
    const deadline = performance.now() + ms;
    for (;;) {
      const here = working.get(keyOf(keyOfHolder(holder), windowId));
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      const pause = Math.min(left, READY_POLL_MS);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const later = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), pause);
      });
      try {
        const url = await Promise.race(here ? [here, later] : [later]);
        if (url !== undefined) return url;
      } finally {
        clearTimeout(timer);
      }
      const ready = await findReadyCheckout(holder, windowId, clock.now());
      if (ready) return ready;
    }
  }

  /**
   * Her checkout now when her turn is close, else her place in line; busy when the line has no room for
   * her. `pass` goes back with an anonymous visitor's answer, for her browser to keep.
   */
  async function goToCheckout(
    buyer: CheckoutBuyer,
    windowId: string,
    clickedAt: number,
    pass?: string,
    figures?: LineFigures,
  ) {
    const holder = holderOf(buyer);
    const priority = priorityOfHolder(holder);
    let line = figures ?? (await look(holder, windowId));
    if (isFull(line, priority, lineOptions)) return busy(priority);
    const withPass = pass === undefined ? {} : { pass };
    const inLine = (place: PlaceInLine) =>
      ({ kind: "line", ticket: lineTicket(appSecret, holder, windowId), place, ...withPass }) as const;
    if (!isUnderWay(line)) {
      await joinLine(db, {
        holder: keyOfHolder(holder),
        windowId,
        priority,
        prefillEmail: buyer.kind === "anonymous" ? buyer.email : undefined,
      });
      line = await look(holder, windowId);
      if (isBeyondCap(line, lineOptions)) {
        await withdrawFromLine(db, { holder: keyOfHolder(holder), windowId });
        return busy(priority);
      }
    }
    claimOpenings();
    const place = placeOf(line, lineOptions) ?? placeAtEnd(line, priority, lineOptions);
    // In a rush she gets her place in line at once rather than a request that hangs until Stripe's turn.
    if (isLong(place, lineOptions)) return inLine(place);
    let url: string | undefined;
    try {
      // The request's own time so far counts too: a click is answered within WAIT_IN_REQUEST_MS of coming in.
      url = await waitForCheckout(holder, windowId, clickedAt + WAIT_IN_REQUEST_MS - performance.now());
    } catch (error) {
      if (error instanceof QueueFullError) return busy(priority);
      throw error;
    }
    if (url !== undefined) return { kind: "checkout", url, ...withPass } as const;
    // Her turn is later than it looked (people who proved who they are went first): her place in line, while
    // her checkout goes on opening in the background.
    const now = await look(holder, windowId);
    return inLine(placeOf(now, lineOptions) ?? placeAtEnd(now, priority, lineOptions));
  }

  /** A visitor who proved who she is: today's way, one account, one customer, one checkout per window. */
  async function enrollProven(
    email: string,
    user: User | undefined,
    window: EnrollmentWindowRow,
    now: Date,
    clickedAt: number,
  ) {
    // One round trip answers a repeat click; only a first click goes on to open a checkout.
    const known = await findEnrollmentState(db, { email, windowId: window.id, now });
    if (hasCurrentSubscription(known)) return alreadyMember(known.subscription);
    if (known?.openCheckoutUrl) return { kind: "checkout", url: known.openCheckoutUrl } as const;
    const member = user ?? known?.user ?? (await findOrCreateUser(db, email));
    return goToCheckout({ kind: "account", userId: member.id, email: member.email }, window.id, clickedAt);
  }

  /**
   * Anyone else. Her browser's pass brings her back to her own checkout (or her place in line); a click
   * that would start a new one counts against her network's limit first.
   */
  async function enrollAnonymously(request: EnrollRequest, window: EnrollmentWindowRow, now: Date, clickedAt: number) {
    let known = readEnrollPass(appSecret, request.pass);
    if (known) {
      const mine = await findAnonymousCheckout(db, { anonymousId: known, windowId: window.id });
      if (mine?.completedAt) return alreadyPaid();
      if (mine && isOpen(mine, now)) return { kind: "checkout", url: mine.url, pass: request.pass } as const;
      // Hers expired unpaid: a new pass, so Stripe opens a new checkout rather than replaying the old one.
      if (mine) known = undefined;
    }
    const holder: LineHolder | undefined = known ? { kind: "anonymous", anonymousId: known } : undefined;
    const figures = holder ? await look(holder, window.id) : undefined;
    if (!figures || !isUnderWay(figures)) {
      const limit = await consumeRateLimit(
        db,
        { key: `enroll:anonymous:${request.network}`, ...ANONYMOUS_CLICKS_PER_NETWORK },
        now,
      );
      if (!limit.allowed) return tooManyClicks(limit.retryAfterSeconds);
    }
    if (known && request.pass) {
      const buyer = { kind: "anonymous", anonymousId: known, email: request.email } as const;
      return goToCheckout(buyer, window.id, clickedAt, request.pass, figures);
    }
    const { anonymousId, pass } = newEnrollPass(appSecret);
    return goToCheckout({ kind: "anonymous", anonymousId, email: request.email }, window.id, clickedAt, pass);
  }

  async function checkDoor({ user, invite }: DoorVisitor): Promise<Door> {
    const now = clock.now();
    const window = await currentWindow.at(now);
    if (!window) return { now, window: undefined, phase: "closed", visitor: undefined, decision: undefined };
    const visitor = await identifyEnrollVisitor(db, appSecret, invite, user);
    const seatsTaken = window.capacity === null ? 0 : await countWindowMembers(db, window.id);
    const decision = decideEnrollment(window, now, visitor, seatsTaken);
    return { now, window, phase: phaseAt(window, now), visitor, decision };
  }

  return {
    checkDoor,

    async recordVisit(door) {
      const invited = door.visitor?.invited;
      if (door.window && invited && door.phase !== "scheduled") {
        await recordEnrollLinkClick(db, door.window.id, invited.id);
      }
    },

    async enroll(request): Promise<EnrollResult> {
      const clickedAt = performance.now();
      const door = await checkDoor(request);
      if (!door.window) {
        return refused("doors-closed", "Doors are closed right now. Join the waitlist to hear when they open.");
      }
      const { now, window, decision } = door;
      if (!decision.allowed) return refusedAtDoor(decision, window);
      const provenEmail = request.user?.email ?? door.visitor.invited?.email;
      if (provenEmail) return enrollProven(provenEmail, request.user, window, now, clickedAt);
      return enrollAnonymously(request, window, now, clickedAt);
    },

    async checkLine(ticket) {
      const holding = readLineTicket(appSecret, ticket);
      if (!holding) return { state: "invalid" };
      const { holder, windowId } = holding;
      const now = clock.now();
      const checkoutUrl = await findReadyCheckout(holder, windowId, now);
      if (checkoutUrl) return { state: "ready", checkoutUrl };
      const figures = await look(holder, windowId);
      const place = placeOf(figures, lineOptions);
      if (place) {
        // Her opening may wait for a claim, or for one whose instance died: this instance takes it on.
        claimOpenings();
        return { state: "waiting", ...place };
      }
      // Not under way (it failed, or her checkout expired since): she goes on with the same ticket.
      const window = await getEnrollmentWindow(db, windowId);
      if (!window || window.cancelledAt || window.closesAt <= now) return { state: "closed" };
      const buyer = await buyerOf(holder, undefined);
      if (!buyer) return { state: "invalid" };
      const priority = priorityOfHolder(holder);
      // A full line keeps her ticket: she goes on as soon as there is room.
      if (isFull(figures, priority, lineOptions))
        return { state: "waiting", ...placeAtEnd(figures, priority, lineOptions) };
      await joinLine(db, { holder: keyOfHolder(holder), windowId, priority, prefillEmail: undefined });
      const joined = await look(holder, windowId);
      if (isBeyondCap(joined, lineOptions)) {
        await withdrawFromLine(db, { holder: keyOfHolder(holder), windowId });
        return { state: "waiting", ...placeAtEnd(joined, priority, lineOptions) };
      }
      claimOpenings();
      return { state: "waiting", ...(placeOf(joined, lineOptions) ?? placeAtEnd(joined, priority, lineOptions)) };
    },

    openingsUnderWay: () => lastUnderWay,
  };

  /** The checkout a ticket leads to now, if it is open (an anonymous one also once paid: Stripe's page says so). */
  async function findReadyCheckout(holder: LineHolder, windowId: string, now: Date): Promise<string | undefined> {
    if (holder.kind === "account") return (await findOpenCheckout(db, holder.userId, windowId, now))?.url;
    const mine = await findAnonymousCheckout(db, { anonymousId: holder.anonymousId, windowId });
    return mine && (isOpen(mine, now) || mine.completedAt) ? mine.url : undefined;
  }

  /**
   * The buyer behind a line's row. The address an anonymous visitor typed is kept in her row to prefill her
   * checkout; a ticket does not carry it, so an opening started again from a ticket opens without it, and
   * Stripe asks for it.
   */
  async function buyerOf(holder: LineHolder, prefillEmail: string | undefined): Promise<CheckoutBuyer | undefined> {
    if (holder.kind === "anonymous") return { kind: "anonymous", anonymousId: holder.anonymousId, email: prefillEmail };
    const email = await findUserEmail(db, { userId: holder.userId });
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
