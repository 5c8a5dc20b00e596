import { findCurrentSubscription, type SubscriptionRow } from "@academy/db/queries/billing";
import {
  type BillingInvoiceRow,
  createMembershipGrant,
  findActiveGrant,
  findLastPaidInvoice,
  finishMemberAction,
  getMemberRecord,
  listMembers,
  MEMBER_LIST_STATUSES,
  type MemberActionRow,
  type MemberListRow,
  type MemberListStatus,
  type MemberRecord,
  type MembershipGrantRow,
  recordInvoiceRefund,
  startMemberAction,
} from "@academy/db/queries/members";
import { findWeekIndex, type IsoDate, listPlanWeeks, type Pause, type Plan, toIsoDate } from "@academy/programming";
import Stripe from "stripe";
import type { Membership } from "../billing/membership.ts";
import { membershipFrom } from "../billing/membership-store.ts";
import { syncSubscription } from "../billing/sync.ts";
import type { Services } from "../services.ts";

export { MEMBER_LIST_STATUSES, type MemberListStatus };

export const MEMBERS_PER_PAGE = 50;

/** Where she is in her plan: week `week` of `of`. */
export interface PlanWeek {
  week: number;
  of: number;
}

export interface MemberListEntry extends MemberListRow {
  planWeek: PlanWeek | null;
}

export interface MembersPage {
  members: MemberListEntry[];
  total: number;
  /** 1-based. */
  page: number;
  pageCount: number;
}

/** One page of the coach's members list (`page` is 1-based; past the end, the last page). */
export async function loadMembersPage(
  services: Pick<Services, "database" | "clock" | "plans">,
  params: { query: string; status: MemberListStatus | undefined; page: number },
): Promise<MembersPage> {
  const now = services.clock.now();
  const find = (page: number) =>
    listMembers(services.database.db, {
      query: params.query,
      status: params.status,
      limit: MEMBERS_PER_PAGE,
      offset: (page - 1) * MEMBERS_PER_PAGE,
      now,
    });
  let page = Math.max(1, Math.floor(params.page) || 1);
  let found = await find(page);
  const pageCount = Math.max(1, Math.ceil(found.total / MEMBERS_PER_PAGE));
  if (page > pageCount) {
    page = pageCount;
    found = await find(page);
  }
  return {
    members: found.rows.map((row) => ({
      ...row,
      planWeek: findPlanWeek(services.plans, row.planSlug, row.planStartDate, row.pausedAt, now),
    })),
    total: found.total,
    page,
    pageCount,
  };
}

/**
 * Her week in her plan today, from the plan's start date and her pause (as her own page counts it, without
 * the holds a gate may add); null when she has no plan.
 */
export function findPlanWeek(
  plans: ReadonlyMap<string, Plan>,
  slug: string | null,
  startDate: string | null,
  pausedAt: Date | null,
  now: Date,
): PlanWeek | null {
  const plan = slug ? plans.get(slug) : undefined;
  if (!plan || !startDate) return null;
  const today = toIsoDate(now);
  const pauses: Pause[] = pausedAt && pausedAt <= now ? [{ from: toIsoDate(pausedAt), to: today }] : [];
  const of = listPlanWeeks(plan).length;
  return { week: Math.min(of, findWeekIndex(startDate as IsoDate, today, pauses) + 1), of };
}

export interface MemberDetail extends MemberRecord {
  membership: Membership;
  /** The subscription that decides her membership, if she ever had one. */
  current: SubscriptionRow | undefined;
  grant: MembershipGrantRow | undefined;
  /** What her paid invoices brought in, less refunds. */
  lifetimeValue: number;
  lastPaidInvoice: BillingInvoiceRow | undefined;
}

/** Everything the coach's member page shows; undefined when there is no such account. */
export async function loadMemberDetail(
  services: Pick<Services, "database" | "clock">,
  userId: string,
): Promise<MemberDetail | undefined> {
  const { db } = services.database;
  const now = services.clock.now();
  const [record, current, grant, lastPaidInvoice] = await Promise.all([
    getMemberRecord(db, userId),
    findCurrentSubscription(db, userId),
    findActiveGrant(db, { userId, now }),
    findLastPaidInvoice(db, userId),
  ]);
  if (!record) return undefined;
  const lifetimeValue = record.invoices
    .filter((invoice) => invoice.status === "paid")
    .reduce((sum, invoice) => sum + invoice.amountPaid - invoice.amountRefunded, 0);
  return {
    ...record,
    membership: membershipFrom(current, now, grant),
    current,
    grant,
    lifetimeValue,
    lastPaidInvoice,
  };
}

/** Who asked, and the form submission's key: a second request with the same key does nothing twice. */
export interface ActionRequest {
  userId: string;
  /** The coach's email. */
  actor: string;
  requestKey: string;
}

/** What an action came to: done (now, or by an earlier request with the same key), or refused and why. */
export type MemberActionResult =
  | { done: true; repeated: boolean; action: MemberActionRow; message: string }
  | { done: false; reason: MemberActionRefusal; message: string };

export type MemberActionRefusal =
  | "member_not_found"
  | "invalid"
  | "no_subscription"
  | "nothing_to_refund"
  | "already_refunded"
  | "in_progress"
  | "stripe_refused";

const refused = (reason: MemberActionRefusal, message: string): MemberActionResult => ({
  done: false,
  reason,
  message,
});

/** An earlier request with the same key: its outcome, or "in progress" while it runs. */
function repeatOf(action: MemberActionRow): MemberActionResult {
  if (action.status === "pending") return refused("in_progress", "That is already under way. Reload in a moment.");
  const message = String(action.detail.message ?? "Already done.");
  if (action.status === "failed") return refused("stripe_refused", message);
  return { done: true, repeated: true, action, message };
}

const DAY_MS = 86_400_000;

/**
 * Gives her a free membership from now until the end of `until` (a UTC day, YYYY-MM-DD), or with no end.
 * She is a member while it lasts, whatever her subscription says.
 */
export async function giveFreeMembership(
  services: Pick<Services, "database" | "clock">,
  request: ActionRequest & { until: string | null; note: string | null },
): Promise<MemberActionResult> {
  const { db } = services.database;
  const now = services.clock.now();
  if (!(await getMemberRecord(db, request.userId))) return refused("member_not_found", "There is no such member.");
  const endsAt = request.until ? new Date(Date.parse(`${request.until}T00:00:00Z`) + DAY_MS) : null;
  if (endsAt !== null && (Number.isNaN(endsAt.getTime()) || endsAt <= now)) {
    return refused("invalid", "Choose an end date in the future, or leave it empty for no end.");
  }
  const { action, created } = await startMemberAction(db, {
    userId: request.userId,
    kind: "free_membership",
    requestKey: request.requestKey,
    actor: request.actor,
    detail: { until: request.until },
  });
  if (!created) return repeatOf(action);
  const grant = await createMembershipGrant(db, {
    userId: request.userId,
    startsAt: now,
    endsAt,
    grantedBy: request.actor,
    note: request.note,
  });
  const message = request.until
    ? `Free membership given, until ${request.until} (included).`
    : "Free membership given, with no end date.";
  const done = await finishMemberAction(db, {
    id: action.id,
    status: "done",
    detail: { grantId: grant.id, until: request.until, message },
  });
  return { done: true, repeated: false, action: done, message };
}

export const MAX_EXTENSION_DAYS = 365;

/**
 * Pushes a paying member's next charge back by `days`: Stripe's `trial_end` on her subscription, so she keeps
 * her access and pays nothing until then, then monthly from there.
 */
export async function extendMembership(
  services: Pick<Services, "database" | "clock" | "billing">,
  request: ActionRequest & { days: number },
): Promise<MemberActionResult> {
  const { db } = services.database;
  const { stripe } = services.billing;
  if (!Number.isInteger(request.days) || request.days < 1 || request.days > MAX_EXTENSION_DAYS) {
    return refused("invalid", `Extend by a whole number of days from 1 to ${MAX_EXTENSION_DAYS}.`);
  }
  if (!(await getMemberRecord(db, request.userId))) return refused("member_not_found", "There is no such member.");
  const current = await findCurrentSubscription(db, request.userId);
  if (!current || !["active", "trialing"].includes(current.status) || current.pausedAt) {
    return refused("no_subscription", "Only a paying member (active, not paused) can be extended.");
  }
  // From Stripe's own period end: ours may lag a webhook behind.
  const subscription = await stripe.subscriptions.retrieve(current.id);
  const periodEnd = subscription.items.data[0]?.current_period_end ?? current.currentPeriodEnd.getTime() / 1000;
  const trialEnd = periodEnd + request.days * 86_400;
  const { action, created } = await startMemberAction(db, {
    userId: request.userId,
    kind: "extend",
    requestKey: request.requestKey,
    actor: request.actor,
    detail: { subscriptionId: current.id, days: request.days, trialEnd },
  });
  if (!created && action.status !== "pending") return repeatOf(action);
  // A retry of a request that never finished asks Stripe again with the same key and the same date.
  const detail = action.detail;
  const until = Number(detail.trialEnd);
  try {
    await stripe.subscriptions.update(
      String(detail.subscriptionId),
      { trial_end: until, proration_behavior: "none" },
      { idempotencyKey: `admin-extend-${action.id}` },
    );
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    const message = `Stripe refused the extension: ${error.message}`;
    const failed = await finishMemberAction(db, { id: action.id, status: "failed", detail: { ...detail, message } });
    return refused("stripe_refused", String(failed.detail.message));
  }
  await syncSubscription(db, stripe, current.stripeCustomerId, services.clock.now());
  const nextCharge = new Date(until * 1000).toISOString().slice(0, 10);
  const message = `Extended by ${detail.days} days: the next charge is on ${nextCharge}.`;
  const done = await finishMemberAction(db, { id: action.id, status: "done", detail: { ...detail, message } });
  return { done: true, repeated: false, action: done, message };
}

/**
 * Refunds her last payment in full through Stripe. The refund's idempotency key is the payment's, so the same
 * payment is refunded once however often it is asked.
 */
export async function refundLastPayment(
  services: Pick<Services, "database" | "clock" | "billing">,
  request: ActionRequest,
): Promise<MemberActionResult> {
  const { db } = services.database;
  const { stripe } = services.billing;
  if (!(await getMemberRecord(db, request.userId))) return refused("member_not_found", "There is no such member.");
  const invoice = await findLastPaidInvoice(db, request.userId);
  if (!invoice) return refused("nothing_to_refund", "She has no payment to refund.");
  const { action, created } = await startMemberAction(db, {
    userId: request.userId,
    kind: "refund",
    requestKey: request.requestKey,
    actor: request.actor,
    detail: { invoiceId: invoice.id, amount: invoice.amountPaid, currency: invoice.currency },
  });
  if (!created && action.status !== "pending") return repeatOf(action);
  const invoiceId = String(action.detail.invoiceId);
  const amount = formatMoney(Number(action.detail.amount), String(action.detail.currency));
  const finish = async (status: "done" | "failed", message: string) =>
    finishMemberAction(db, { id: action.id, status, detail: { ...action.detail, message } });
  if (created && invoice.amountRefunded >= invoice.amountPaid) {
    const message = `Her last payment (${amount}) was refunded already.`;
    await finish("failed", message);
    return refused("already_refunded", message);
  }
  const payments = await stripe.invoicePayments.list({ invoice: invoiceId, status: "paid", limit: 10 });
  const payment = payments.data.find((item) => item.payment.payment_intent || item.payment.charge);
  if (!payment) {
    await finish("failed", "Stripe has no card payment for that invoice to refund.");
    return refused("nothing_to_refund", "Stripe has no card payment for that invoice to refund.");
  }
  const paymentIntent = idOf(payment.payment.payment_intent);
  let refund: Stripe.Refund;
  try {
    refund = await stripe.refunds.create(
      {
        ...(paymentIntent ? { payment_intent: paymentIntent } : { charge: idOf(payment.payment.charge) ?? "" }),
        reason: "requested_by_customer",
        metadata: { invoice: invoiceId, requestedBy: request.actor },
      },
      { idempotencyKey: `admin-refund-${payment.id}` },
    );
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    const already = error.code === "charge_already_refunded";
    const message = already ? `That payment (${amount}) was refunded already.` : `Stripe refused: ${error.message}`;
    await finish("failed", message);
    return refused(already ? "already_refunded" : "stripe_refused", message);
  }
  const charge = await stripe.charges.retrieve(idOf(refund.charge) ?? "");
  await recordInvoiceRefund(db, { invoiceId, amountRefunded: charge.amount_refunded });
  const message = `Refunded ${formatMoney(refund.amount, refund.currency)} (${refund.status ?? "pending"}).`;
  const done = await finish("done", message);
  return { done: true, repeated: false, action: done, message };
}

/** An amount in a currency's smallest unit, for the coach: `49.00 USD`. */
export function formatMoney(amount: number, currency: string | null): string {
  return `${(amount / 100).toFixed(2)} ${(currency ?? "usd").toUpperCase()}`;
}

function idOf(reference: string | { id: string } | null | undefined): string | undefined {
  return typeof reference === "string" ? reference : (reference?.id ?? undefined);
}
