import { and, asc, desc, eq, exists, gt, inArray, isNotNull, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { perDatabase } from "../per-database.ts";
import { users } from "../schema/auth.ts";
import { billingCustomers, checkoutSessions, stripeEvents, subscriptions } from "../schema/billing.ts";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/** Every status Stripe gives a subscription. */
export const SUBSCRIPTION_STATUSES = [
  "active",
  "trialing",
  "past_due",
  "paused",
  "canceled",
  "unpaid",
  "incomplete",
  "incomplete_expired",
] as const;

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/*
 * The status sets, each written once: every rule (see the platform's billing/membership.ts) and every
 * query that asks "which subscriptions" takes its set from here.
 */

/**
 * Live: she enrolled and her subscription runs (or Stripe is still collecting). She holds a seat in her
 * window, later launch emails skip her, and she must not pay twice (unless collection is paused).
 */
export const LIVE_STATUSES = ["active", "trialing", "past_due"] as const satisfies readonly SubscriptionStatus[];

/** Live or paused: her subscription that decides membership is one of these before any ended one. */
export const CURRENT_STATUSES = [...LIVE_STATUSES, "paused"] as const satisfies readonly SubscriptionStatus[];

/** Anything Stripe may still charge: deleting her account cancels these first. */
export const CANCELLABLE_STATUSES = [...CURRENT_STATUSES, "unpaid"] as const satisfies readonly SubscriptionStatus[];

/**
 * `subscriptions.status in (…)` for one of the sets above. The statuses are our own constants, written
 * into the SQL as literals, so a prepared statement's plan sees them.
 */
export function subscriptionStatusIn(statuses: readonly SubscriptionStatus[]): SQL {
  const literals = sql.join(
    statuses.map((status) => sql.raw(`'${status}'`)),
    sql.raw(", "),
  );
  return sql`${subscriptions.status} in (${literals})`;
}

/**
 * Her subscription that decides membership: a current one (see CURRENT_STATUSES) before any ended one,
 * the most recently updated first.
 */
export async function findCurrentSubscription(db: Database, userId: string): Promise<SubscriptionRow | undefined> {
  const [row] = await currentSubscription(db).execute({ userId });
  return row;
}

// Current subscriptions before ended ones, the newest first.
const currentFirst = [
  sql`case when ${subscriptionStatusIn(CURRENT_STATUSES)} then 0 else 1 end`,
  desc(subscriptions.updatedAt),
];

const currentSubscription = perDatabase((db) =>
  db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.userId, sql.placeholder("userId")))
    .orderBy(...currentFirst)
    .limit(1)
    .prepare("current_subscription"),
);

export interface EnrollmentState {
  user: typeof users.$inferSelect;
  /** Her subscription that decides membership (see findCurrentSubscription), if she ever had one. */
  subscription: Pick<SubscriptionRow, "status" | "pausedAt"> | null;
  /** Her checkout for this window that is still open at `now` (neither paid nor expired), if any. */
  openCheckoutUrl: string | null;
}

/**
 * Everything a repeat enroll click needs, in one round trip: the user with this email, her current
 * subscription and her open checkout for the window. Undefined when nobody has this email yet.
 */
export async function findEnrollmentState(
  db: Database,
  params: { email: string; windowId: string; now: Date },
): Promise<EnrollmentState | undefined> {
  const [row] = await enrollmentState(db).execute({ ...params, now: params.now.toISOString() });
  if (!row) return undefined;
  const { user, status, pausedAt, openCheckoutUrl } = row;
  return { user, subscription: status === null ? null : { status, pausedAt }, openCheckoutUrl };
}

/**
 * A checkout still worth handing out at `now`: Stripe has not closed it, and nobody paid it or saw it expire.
 * A completed one must never be handed out again: it would send her back to a page she already paid.
 */
const checkoutIsOpen = and(
  gt(checkoutSessions.expiresAt, sql.placeholder("now")),
  isNull(checkoutSessions.completedAt),
  isNull(checkoutSessions.expiredAt),
);

const enrollmentState = perDatabase((db) => {
  const subscription = db
    .select({ status: subscriptions.status, pausedAt: subscriptions.pausedAt })
    .from(subscriptions)
    .where(eq(subscriptions.userId, users.id))
    .orderBy(...currentFirst)
    .limit(1)
    .as("subscription");
  const checkout = db
    .select({ url: checkoutSessions.url })
    .from(checkoutSessions)
    .where(
      and(
        eq(checkoutSessions.userId, users.id),
        eq(checkoutSessions.windowId, sql.placeholder("windowId")),
        checkoutIsOpen,
      ),
    )
    .orderBy(desc(checkoutSessions.createdAt))
    .limit(1)
    .as("checkout");
  return db
    .select({
      user: users,
      status: subscription.status,
      pausedAt: subscription.pausedAt,
      openCheckoutUrl: checkout.url,
    })
    .from(users)
    .leftJoinLateral(subscription, sql`true`)
    .leftJoinLateral(checkout, sql`true`)
    .where(eq(users.email, sql.placeholder("email")))
    .prepare("enrollment_state");
});

/** The newer columns (resumesAt, the amounts and dates the coach's numbers read) may be left out: null. */
type OptionalSubscriptionColumns = "resumesAt" | "monthlyAmount" | "currency" | "startedAt" | "endedAt";

/** The welcome email's columns are the outbox's own (see markMembershipWelcomeDue): a sync never writes them. */
type OutboxColumns = "welcomeDueAt" | "welcomeSentAt";

export type SubscriptionParams = Omit<
  SubscriptionRow,
  "createdAt" | "updatedAt" | OptionalSubscriptionColumns | OutboxColumns
> &
  Partial<Pick<SubscriptionRow, OptionalSubscriptionColumns>>;

export interface ListSubscriptionsByIdParams {
  ids: readonly string[];
}

/** What a sync reads back from our copy of a subscription: its window (kept if Stripe drops it) and what it stored last. */
export type KnownSubscription = Pick<SubscriptionRow, "id" | "status" | "pausedAt" | "pastDueSince" | "windowId">;

/** Our copies of these subscriptions, in one round trip (those we have never seen are missing). */
export async function listSubscriptionsById(
  db: Database,
  params: ListSubscriptionsByIdParams,
): Promise<KnownSubscription[]> {
  if (params.ids.length === 0) return [];
  return db
    .select({
      id: subscriptions.id,
      status: subscriptions.status,
      pausedAt: subscriptions.pausedAt,
      pastDueSince: subscriptions.pastDueSince,
      windowId: subscriptions.windowId,
    })
    .from(subscriptions)
    .where(inArray(subscriptions.id, [...params.ids]));
}

export interface ListUserSubscriptionsParams {
  userId: string;
}

/** Our copy of a subscription of hers, as a sync reads it back. */
export type UserSubscription = KnownSubscription & Pick<SubscriptionRow, "stripeCustomerId">;

/**
 * Her subscriptions as we last synced them, from every Stripe customer of hers, the first recorded first:
 * what a sync keeps, and whether she now has two current ones.
 */
export async function listUserSubscriptions(
  db: Database,
  params: ListUserSubscriptionsParams,
): Promise<UserSubscription[]> {
  return userSubscriptions(db).execute({ userId: params.userId });
}

const userSubscriptions = perDatabase((db) =>
  db
    .select({
      id: subscriptions.id,
      status: subscriptions.status,
      pausedAt: subscriptions.pausedAt,
      pastDueSince: subscriptions.pastDueSince,
      windowId: subscriptions.windowId,
      stripeCustomerId: subscriptions.stripeCustomerId,
    })
    .from(subscriptions)
    .where(eq(subscriptions.userId, sql.placeholder("userId")))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
    .prepare("user_subscriptions"),
);

export interface ListCancellableSubscriptionsParams {
  userId: string;
}

/** Her subscriptions Stripe may still charge (see CANCELLABLE_STATUSES). */
export async function listCancellableSubscriptions(
  db: Database,
  params: ListCancellableSubscriptionsParams,
): Promise<{ id: string }[]> {
  return db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, params.userId), subscriptionStatusIn(CANCELLABLE_STATUSES)));
}

/** Writes Stripe's current state of a subscription over ours. */
export async function saveSubscription(db: Database, params: SubscriptionParams): Promise<void> {
  const { id, ...rest } = params;
  await db
    .insert(subscriptions)
    .values(params)
    .onConflictDoUpdate({ target: subscriptions.id, set: { ...rest, updatedAt: new Date() } });
}

export async function findStripeCustomerId(db: Database, userId: string): Promise<string | undefined> {
  const [row] = await stripeCustomerOf(db).execute({ userId });
  return row?.id;
}

const stripeCustomerOf = perDatabase((db) =>
  db
    .select({ id: billingCustomers.stripeCustomerId })
    .from(billingCustomers)
    .where(eq(billingCustomers.userId, sql.placeholder("userId")))
    .prepare("stripe_customer_of"),
);

/**
 * Whose Stripe customer this is: the one linked to her (see saveStripeCustomer), or a second customer of
 * hers (she paid again while signed out) that her subscriptions name.
 */
export async function findUserIdByStripeCustomer(db: Database, customerId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ userId: billingCustomers.userId })
    .from(billingCustomers)
    .where(eq(billingCustomers.stripeCustomerId, customerId));
  if (row) return row.userId;
  const [other] = await db
    .select({ userId: subscriptions.userId })
    .from(subscriptions)
    .where(eq(subscriptions.stripeCustomerId, customerId))
    .limit(1);
  return other?.userId;
}

/** Links the user to her Stripe customer; the first link wins if two requests race. */
export async function saveStripeCustomer(db: Database, userId: string, customerId: string): Promise<string> {
  await db.insert(billingCustomers).values({ userId, stripeCustomerId: customerId }).onConflictDoNothing();
  return (await findStripeCustomerId(db, userId)) ?? customerId;
}

/** How many checkouts she has had for this window, open or closed: a new one is the next of them. */
export interface CheckoutHistory {
  /** Her checkouts for this window so far, open or closed. */
  count: number;
  /** The URL of the open one among them, if any (see checkoutIsOpen). */
  openUrl: string | undefined;
}

/**
 * Her checkouts for this window, read in one statement so the count and the open one agree: a checkout
 * another request saved is either in both or in neither.
 */
export async function findCheckoutHistory(
  db: Database,
  userId: string,
  windowId: string,
  now: Date,
): Promise<CheckoutHistory> {
  const [row] = await checkoutHistory(db).execute({ userId, windowId, now: now.toISOString() });
  return { count: row?.count ?? 0, openUrl: row?.openUrl ?? undefined };
}

const checkoutHistory = perDatabase((db) =>
  db
    .select({
      count: sql<number>`count(*)::int`,
      openUrl: sql<
        string | null
      >`(array_agg(${checkoutSessions.url} order by ${checkoutSessions.createdAt} desc) filter (where ${checkoutIsOpen}))[1]`,
    })
    .from(checkoutSessions)
    .where(
      and(
        eq(checkoutSessions.userId, sql.placeholder("userId")),
        eq(checkoutSessions.windowId, sql.placeholder("windowId")),
      ),
    )
    .prepare("checkout_history"),
);

/** Her open checkout for this window: valid at `now`, neither paid nor expired (see checkoutIsOpen). */
export async function findOpenCheckout(db: Database, userId: string, windowId: string, now: Date) {
  const [row] = await openCheckout(db).execute({ userId, windowId, now: now.toISOString() });
  return row;
}

const openCheckout = perDatabase((db) =>
  db
    .select()
    .from(checkoutSessions)
    .where(
      and(
        eq(checkoutSessions.userId, sql.placeholder("userId")),
        eq(checkoutSessions.windowId, sql.placeholder("windowId")),
        checkoutIsOpen,
      ),
    )
    .orderBy(desc(checkoutSessions.createdAt))
    .limit(1)
    .prepare("open_checkout"),
);

export interface FindAnonymousCheckoutParams {
  /** The anonymous visitor's random id (her enroll cookie or her place-in-line ticket). */
  anonymousId: string;
  windowId: string;
}

/** An anonymous visitor's newest checkout for a window, whatever its state. */
export interface AnonymousCheckout {
  url: string;
  expiresAt: Date;
  completedAt: Date | null;
  expiredAt: Date | null;
}

/**
 * The newest checkout an anonymous visitor opened for this window, found by the random id her browser
 * holds: never by an address, so nobody reaches another person's checkout by typing hers. The caller tells
 * open from paid (see checkoutIsOpen for the same rule in SQL).
 */
export async function findAnonymousCheckout(
  db: Database,
  params: FindAnonymousCheckoutParams,
): Promise<AnonymousCheckout | undefined> {
  const [row] = await anonymousCheckout(db).execute({ ...params });
  return row;
}

const anonymousCheckout = perDatabase((db) =>
  db
    .select({
      url: checkoutSessions.url,
      expiresAt: checkoutSessions.expiresAt,
      completedAt: checkoutSessions.completedAt,
      expiredAt: checkoutSessions.expiredAt,
    })
    .from(checkoutSessions)
    .where(
      and(
        eq(checkoutSessions.anonymousId, sql.placeholder("anonymousId")),
        eq(checkoutSessions.windowId, sql.placeholder("windowId")),
      ),
    )
    .orderBy(desc(checkoutSessions.createdAt))
    .limit(1)
    .prepare("anonymous_checkout"),
);

/** Saves a checkout she was sent to: held by her account (`userId`) or by her anonymous id, never both. */
export async function saveCheckout(db: Database, params: typeof checkoutSessions.$inferInsert): Promise<void> {
  await db.insert(checkoutSessions).values(params).onConflictDoNothing();
}

export interface CloseCheckoutParams {
  /** The Checkout Session id (cs_…). */
  id: string;
  /** Stripe's outcome: paid, or expired unpaid. Both are final. */
  outcome: "complete" | "expired";
  at: Date;
}

/**
 * Records that Stripe closed this checkout, so it is never handed out again. Stripe never reopens a
 * session, so the first record stands; one we never saved (someone else's) changes nothing.
 */
export async function closeCheckout(db: Database, params: CloseCheckoutParams): Promise<void> {
  const column = params.outcome === "complete" ? checkoutSessions.completedAt : checkoutSessions.expiredAt;
  const set = params.outcome === "complete" ? { completedAt: params.at } : { expiredAt: params.at };
  await db
    .update(checkoutSessions)
    .set(set)
    .where(and(eq(checkoutSessions.id, params.id), isNull(column)));
}

/** True when the webhook event was seen before; records it otherwise. */
export async function hasHandledStripeEvent(db: Database, id: string): Promise<boolean> {
  const [row] = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, id));
  return row !== undefined;
}

export async function markStripeEventHandled(db: Database, id: string, type: string): Promise<void> {
  await db.insert(stripeEvents).values({ id, type }).onConflictDoNothing();
}

/** Users with a live subscription (see LIVE_STATUSES) started for this window: the seats taken. */
export async function countWindowMembers(db: Database, windowId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(distinct ${subscriptions.userId})::int` })
    .from(subscriptions)
    .where(and(eq(subscriptions.windowId, windowId), subscriptionStatusIn(LIVE_STATUSES)));
  return row?.count ?? 0;
}

export interface ClaimReturnSignInParams {
  /** The Checkout Session (cs_…) she came back from. */
  id: string;
  /** The anonymous id in the enroll pass of the browser she came back in. */
  anonymousId: string;
  /** The account the sync linked the checkout's customer to. */
  userId: string;
  /** The customer Stripe made at that checkout: the account must have been created for it. */
  stripeCustomerId: string;
  now: Date;
}

/**
 * Takes the one sign-in a paid anonymous checkout allows on her return: true only when that checkout created
 * the account (users.createdByCheckoutCustomer), for the browser that opened it (its enroll pass), and only the
 * first time, however many tabs or reloads race. (How soon after paying is the caller's to check, by Stripe.)
 */
export async function claimReturnSignIn(db: Database, params: ClaimReturnSignInParams): Promise<boolean> {
  const claimed = await db
    .update(checkoutSessions)
    .set({ returnSignedInAt: params.now })
    .where(
      and(
        eq(checkoutSessions.id, params.id),
        eq(checkoutSessions.anonymousId, params.anonymousId),
        isNull(checkoutSessions.returnSignedInAt),
        isNotNull(checkoutSessions.completedAt),
        exists(
          db
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.id, params.userId), eq(users.createdByCheckoutCustomer, params.stripeCustomerId))),
        ),
      ),
    )
    .returning({ id: checkoutSessions.id });
  return claimed.length > 0;
}

/**
 * Records the welcome email as due for each of these subscriptions that is live and has never had one: once
 * per membership, whichever sync gets here first. Returns how many this call made due.
 */
export async function markMembershipWelcomesDue(
  db: Database,
  params: { subscriptionIds: readonly string[] },
): Promise<number> {
  if (params.subscriptionIds.length === 0) return 0;
  const marked = await db
    .update(subscriptions)
    .set({ welcomeDueAt: sql`now()` })
    .where(
      and(
        inArray(subscriptions.id, [...params.subscriptionIds]),
        isNull(subscriptions.welcomeDueAt),
        isNull(subscriptions.welcomeSentAt),
        subscriptionStatusIn(LIVE_STATUSES),
      ),
    )
    .returning({ id: subscriptions.id });
  return marked.length;
}

/** A membership welcome a sender has claimed: to whom, and the Stripe objects its receipt link comes from. */
export interface DueMembershipWelcome {
  id: string;
  userId: string;
  email: string;
  stripeCustomerId: string;
}

/**
 * Claims up to `limit` due membership welcomes for `leaseSeconds` (as `claimDueWelcomes` does for the
 * waitlist): a sender that dies leaves them to be claimed again. A subscription that is no longer live
 * (a second payment cancelled at once) is never welcomed.
 */
export async function claimDueMembershipWelcomes(
  db: Database,
  params: { limit: number; leaseSeconds: number },
): Promise<DueMembershipWelcome[]> {
  const due = db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        lte(subscriptions.welcomeDueAt, sql`now()`),
        isNull(subscriptions.welcomeSentAt),
        subscriptionStatusIn(LIVE_STATUSES),
      ),
    )
    .orderBy(asc(subscriptions.welcomeDueAt))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(subscriptions)
    .set({ welcomeDueAt: sql`now() + make_interval(secs => ${params.leaseSeconds})` })
    .where(inArray(subscriptions.id, due))
    .returning({
      id: subscriptions.id,
      userId: subscriptions.userId,
      stripeCustomerId: subscriptions.stripeCustomerId,
    });
  if (claimed.length === 0) return [];
  const addresses = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(
        users.id,
        claimed.map((row) => row.userId),
      ),
    );
  const emailOf = new Map(addresses.map((row) => [row.id, row.email]));
  return claimed.flatMap((row) => {
    const email = emailOf.get(row.userId);
    return email ? [{ ...row, email }] : [];
  });
}

/** Marks these membership welcomes sent: nobody claims them again. */
export async function markMembershipWelcomesSent(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(subscriptions)
    .set({ welcomeDueAt: null, welcomeSentAt: sql`now()` })
    .where(inArray(subscriptions.id, [...ids]));
}

/** Every Stripe customer of hers: the one linked to her account and any her subscriptions name. */
export async function listUserStripeCustomers(db: Database, params: { userId: string }): Promise<string[]> {
  const [linked, named] = await Promise.all([
    db
      .select({ id: billingCustomers.stripeCustomerId })
      .from(billingCustomers)
      .where(eq(billingCustomers.userId, params.userId)),
    db
      .selectDistinct({ id: subscriptions.stripeCustomerId })
      .from(subscriptions)
      .where(eq(subscriptions.userId, params.userId)),
  ]);
  return [...new Set([...linked, ...named].map((row) => row.id))];
}
