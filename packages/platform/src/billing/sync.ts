import type { Database } from "@academy/db/client";
import { findOrCreateCheckoutUser, findUserEmail } from "@academy/db/queries/account";
import {
  CURRENT_STATUSES,
  findUserIdByStripeCustomer,
  type KnownSubscription,
  listUserSubscriptions,
  markMembershipWelcomesDue,
  type SubscriptionParams,
  saveStripeCustomer,
  saveSubscription,
} from "@academy/db/queries/billing";
import { type InvoiceParams, recordInvoiceRefund, saveInvoices } from "@academy/db/queries/members";
import Stripe from "stripe";
import type { Logger } from "../logger.ts";

/** Where the sync reports what the coach should know (a double payment refunded); nowhere when not given. */
type SyncLog = Pick<Logger, "warn">;
const quiet: SyncLog = { warn: () => {} };

/**
 * Reads the customer's subscriptions from Stripe and writes them over ours. Every webhook and the
 * checkout success page call this one function, so the result never depends on which event arrived
 * first, how often, or whether it arrived at all. Every moment it stores (since when a payment failed,
 * when a pause takes effect) is Stripe's, never the time the sync happened to run.
 *
 * A customer we do not know yet is someone who paid on a checkout opened before she had an account: she
 * becomes the user with her address (created if need be). If that leaves her paying twice, the newer
 * subscription is cancelled and refunded at once. Answers her user id, or undefined for a customer who is nobody's.
 */
export async function syncSubscription(
  db: Database,
  stripe: Stripe,
  customerId: string,
  now: Date,
  log: SyncLog = quiet,
): Promise<string | undefined> {
  const userId = (await findUserIdByStripeCustomer(db, customerId)) ?? (await claimCustomer(db, stripe, customerId));
  if (!userId) return undefined;
  const list = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 20 });
  // Hers as we have them, from every customer of hers: what we keep (her window), and which are current.
  const hers = await listUserSubscriptions(db, { userId });
  const known = new Map(hers.map((row) => [row.id, row]));
  const statuses = new Map(hers.map((row) => [row.id, row.status]));
  for (const subscription of list.data) {
    await saveSubscription(db, await readSubscription(stripe, subscription, userId, known.get(subscription.id), now));
    statuses.set(subscription.id, subscription.status);
  }
  // In the order we first recorded them (new ones last): cancelDoublePayments breaks ties with it.
  const current = [...statuses].filter(([, status]) => currentStatuses.has(status)).map(([id]) => id);
  if (current.length > 1) await cancelDoublePayments(db, stripe, userId, current, known, now, log);
  // Last, so a second payment cancelled above is never welcomed; a sync that stops before here leaves it to
  // the next one (every webhook and her return run one). The sender takes it from there.
  await markMembershipWelcomesDue(db, { subscriptionIds: list.data.map((subscription) => subscription.id) });
  return userId;
}

/**
 * Records an invoice as an `invoice.*` event carries it, for the coach's pages (her payments, lifetime value,
 * the refund of her last payment): no call to Stripe, so a launch day's webhooks spend none of its rate limit
 * on invoices. `userId` is the one the sync found (or made) for the invoice's customer. Events arrive in any
 * order: a paid invoice never goes back to open.
 */
export async function recordInvoice(db: Database, invoice: Stripe.Invoice, userId: string): Promise<void> {
  if (invoice.id) await saveInvoices(db, [readInvoice(invoice, userId)]);
}

function readInvoice(invoice: Stripe.Invoice, userId: string): InvoiceParams {
  const legacy = invoice as unknown as { subscription?: string | { id: string } | null };
  const subscription = invoice.parent?.subscription_details?.subscription ?? legacy.subscription ?? null;
  const paidAt = invoice.status_transitions.paid_at;
  return {
    id: invoice.id ?? "",
    userId,
    subscriptionId: idOf(subscription) ?? null,
    status: invoice.status ?? "draft",
    currency: invoice.currency,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    issuedAt: new Date(invoice.created * 1000),
    paidAt: paidAt ? new Date(paidAt * 1000) : null,
    receiptUrl: invoice.hosted_invoice_url ?? null,
  };
}

/** What a price brings in a month, in the currency's smallest unit: a yearly price is a twelfth a month. */
function monthlyAmountOf(item: Stripe.SubscriptionItem | undefined): number | null {
  const price = item?.price;
  if (!item || !price?.recurring || price.unit_amount === null) return null;
  const total = price.unit_amount * (item.quantity ?? 1);
  const { interval, interval_count: count } = price.recurring;
  const perMonth: Record<string, number> = { day: 365 / 12, week: 52 / 12, month: 1, year: 1 / 12 };
  return Math.round((total * (perMonth[interval] ?? 1)) / count);
}

/**
 * Links a customer Stripe created at checkout (she paid without an account) to the user with her address,
 * creating her, and writes `metadata.userId` back on the customer, as our own customers have from the start.
 * A customer that names a user who no longer exists belongs to a deleted account, and stays unclaimed.
 */
async function claimCustomer(db: Database, stripe: Stripe, customerId: string): Promise<string | undefined> {
  const customer = await stripe.customers.retrieve(customerId);
  if (customer.deleted) return undefined;
  const named = customer.metadata.userId;
  if (named) {
    if (!(await findUserEmail(db, { userId: named }))) return undefined;
    await saveStripeCustomer(db, named, customerId);
    return named;
  }
  const email = customer.email?.trim().toLowerCase();
  if (!email) return undefined;
  // Made now (and marked as this checkout's), or hers already: only the first may be signed in on her return.
  const user = await findOrCreateCheckoutUser(db, { email, stripeCustomerId: customerId });
  // Stripe first: if saving here fails, the retry finds her through the customer's metadata.
  await stripe.customers.update(
    customerId,
    { metadata: { userId: user.id } },
    { idempotencyKey: `customer-claim-${customerId}` },
  );
  // She may have a customer already (she paid again while signed out); her subscriptions name this one.
  await saveStripeCustomer(db, user.id, customerId);
  return user.id;
}

const currentStatuses: ReadonlySet<string> = new Set(CURRENT_STATUSES);

async function readSubscription(
  stripe: Stripe,
  subscription: Stripe.Subscription,
  userId: string,
  existing: KnownSubscription | undefined,
  now: Date,
): Promise<SubscriptionParams> {
  const item = subscription.items.data[0];
  const legacy = subscription as unknown as { current_period_start?: number; current_period_end?: number };
  const periodStart = item?.current_period_start ?? legacy.current_period_start ?? 0;
  const periodEnd = item?.current_period_end ?? legacy.current_period_end ?? 0;
  const ended = subscription.status === "canceled" || subscription.status === "incomplete_expired";
  const paused = !ended && (subscription.pause_collection !== null || subscription.status === "paused");
  const resumesAt = subscription.pause_collection?.resumes_at;
  return {
    id: subscription.id,
    userId,
    stripeCustomerId: typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id,
    status: subscription.status,
    priceId: item?.price.id ?? null,
    currentPeriodEnd: new Date(periodEnd * 1000),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    pausedAt: paused ? await findPaidThrough(stripe, subscription.id, periodStart) : null,
    resumesAt: paused && resumesAt ? new Date(resumesAt * 1000) : null,
    pastDueSince:
      subscription.status === "past_due" ? await findFirstFailure(stripe, subscription.id, existing, now) : null,
    windowId: subscription.metadata.windowId ?? existing?.windowId ?? null,
    monthlyAmount: monthlyAmountOf(item),
    currency: subscription.currency,
    startedAt: new Date(subscription.start_date * 1000),
    endedAt: subscription.ended_at ? new Date(subscription.ended_at * 1000) : null,
  };
}

/**
 * When a paused membership stops giving access: the end of the last period she paid for (the newest paid
 * invoice's service period), so a pause never takes away time she has paid. Periods that began while paused
 * were never paid; with nothing paid at all, it is the start of the current period.
 */
async function findPaidThrough(stripe: Stripe, subscriptionId: string, periodStart: number): Promise<Date> {
  const [paid] = (await stripe.invoices.list({ subscription: subscriptionId, status: "paid", limit: 1 })).data;
  const ends = paid?.lines.data.map((line) => line.period.end) ?? [];
  return new Date((ends.length > 0 ? Math.max(...ends) : periodStart) * 1000);
}

/**
 * When the payment that made it past_due first failed: the oldest of its unpaid invoices was charged, and
 * failed, when Stripe finalized it. A webhook that arrives days late changes nothing.
 */
async function findFirstFailure(
  stripe: Stripe,
  subscriptionId: string,
  existing: KnownSubscription | undefined,
  now: Date,
): Promise<Date> {
  const open = await stripe.invoices.list({ subscription: subscriptionId, status: "open", limit: 100 });
  const failedAt = open.data.map((invoice) => invoice.status_transitions.finalized_at ?? invoice.created);
  if (failedAt.length > 0) return new Date(Math.min(...failedAt) * 1000);
  return existing?.pastDueSince ?? now;
}

/**
 * One person has one subscription, and never pays twice without knowing it: when she has two current ones
 * (she paid again while signed out, say), the first stays, paused or not, and every newer one is refunded and
 * cancelled at once. Stripe decides which are current and which came first; the idempotency keys make a
 * retry, or two syncs at once, do it once.
 */
async function cancelDoublePayments(
  db: Database,
  stripe: Stripe,
  userId: string,
  current: readonly string[],
  known: ReadonlyMap<string, KnownSubscription>,
  now: Date,
  log: SyncLog,
): Promise<void> {
  const atStripe = await Promise.all(current.map((id) => stripe.subscriptions.retrieve(id)));
  const [kept, ...doubles] = atStripe
    .filter((subscription) => currentStatuses.has(subscription.status))
    // Stripe's creation time first; within one second, the one we recorded first (the list's order).
    .sort((a, b) => a.created - b.created);
  if (!kept) return;
  for (const double of doubles) {
    // Refund first: once it is cancelled, nothing would bring a failed refund back here to be retried.
    const refunded = await refundPayments(db, stripe, double.id, userId);
    const cancelled = await stripe.subscriptions.cancel(
      double.id,
      { cancellation_details: { comment: `Paid twice: ${kept.id} was hers already. Refunded and cancelled.` } },
      { idempotencyKey: `cancel-double-${double.id}` },
    );
    await saveSubscription(db, await readSubscription(stripe, cancelled, userId, known.get(double.id), now));
    // For the coach (until the admin shows it): who paid twice, what stays, what was refunded.
    const amount = `${(refunded / 100).toFixed(2)} ${double.currency.toUpperCase()}`;
    log.warn(
      { userId, kept: kept.id, cancelled: double.id, refunded: amount },
      `${userId} paid twice: kept ${kept.id}, cancelled ${double.id} and refunded ${amount}`,
    );
  }
}

/** Refunds everything paid on a subscription's invoices; a payment refunded before is skipped. Returns the amount. */
async function refundPayments(db: Database, stripe: Stripe, subscriptionId: string, userId: string): Promise<number> {
  let refunded = 0;
  const invoices = await stripe.invoices.list({ subscription: subscriptionId, status: "paid", limit: 100 });
  // Saved first, so each refund below is recorded against its invoice even before invoice.paid arrives.
  for (const invoice of invoices.data) await recordInvoice(db, invoice, userId);
  for (const invoice of invoices.data) {
    const payments = await stripe.invoicePayments.list({ invoice: invoice.id, status: "paid", limit: 100 });
    for (const { id, payment } of payments.data) {
      const paymentIntent = idOf(payment.payment_intent);
      const charge = idOf(payment.charge);
      if (!paymentIntent && !charge) continue;
      try {
        const refund = await stripe.refunds.create(
          {
            ...(paymentIntent ? { payment_intent: paymentIntent } : { charge }),
            reason: "duplicate",
            metadata: { subscription: subscriptionId },
          },
          { idempotencyKey: `refund-double-${id}` },
        );
        refunded += refund.amount;
        if (invoice.id) await recordInvoiceRefund(db, { invoiceId: invoice.id, amountRefunded: refund.amount });
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "charge_already_refunded")
          continue;
        throw error;
      }
    }
  }
  return refunded;
}

function idOf(reference: string | { id: string } | null | undefined): string | undefined {
  return typeof reference === "string" ? reference : (reference?.id ?? undefined);
}
