/**
 * The subscription lifecycle: checkout, renewals, failed payments and their retries, cancellation and
 * pausing. Every change goes through here so that it raises the same events Stripe would, in a plausible
 * order, with `previous_attributes` on updates.
 */

import { DECLINE_MESSAGES, type DeclineCode, type ValidCard } from "./cards.ts";
import { addBillingIntervals } from "./clock.ts";
import type { Engine } from "./engine.ts";
import { diffPreviousAttributes } from "./events.ts";
import { createId, createInvoicePrefix } from "./ids.ts";
import type {
  Charge,
  CheckoutSession,
  Customer,
  Invoice,
  InvoiceLine,
  InvoicePayment,
  PauseBehavior,
  PaymentIntent,
  PaymentMethod,
  Refund,
  RefundReason,
  Subscription,
  SubscriptionItem,
} from "./objects.ts";
import { type PendingSubscription, peekObject } from "./store.ts";

const SECONDS_PER_DAY = 86_400;
// A guard against a bug turning a clock advance into an endless loop; no real advance comes near it.
const MAX_BILLING_STEPS = 100_000;

function findCustomerOrThrow(engine: Engine, id: string): Customer {
  const customer = engine.store.customers.get(id);
  if (customer === undefined) throw new Error(`stripe-local: customer ${id} is missing from the store.`);
  return customer;
}

/** Saves a card to a customer (Stripe: a PaymentMethod attached to the Customer). */
export function savePaymentMethod(engine: Engine, customer: Customer, card: ValidCard, at: number): PaymentMethod {
  const paymentMethod: PaymentMethod = {
    id: createId("pm"),
    object: "payment_method",
    billing_details: { address: null, email: customer.email, name: card.name, phone: null },
    card: {
      brand: card.behavior.brand,
      country: "US",
      exp_month: card.expMonth,
      exp_year: card.expYear,
      funding: card.behavior.funding,
      last4: card.last4,
    },
    created: at,
    customer: customer.id,
    livemode: false,
    metadata: {},
    type: "card",
  };
  engine.store.paymentMethods.set(paymentMethod.id, paymentMethod);
  engine.store.cardBehaviors.set(paymentMethod.id, card.behavior);
  engine.emit("payment_method.attached", paymentMethod, { at });
  return paymentMethod;
}

export interface NewCustomerParams {
  email: string | null;
  name: string | null;
  description?: string | null;
  phone?: string | null;
  metadata?: Record<string, string>;
  testClock?: string | null;
}

export function createCustomer(engine: Engine, params: NewCustomerParams, at: number): Customer {
  const customer: Customer = {
    id: createId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: at,
    currency: null,
    default_source: null,
    delinquent: false,
    description: params.description ?? null,
    email: params.email,
    invoice_prefix: createInvoicePrefixFor(engine),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: params.metadata ?? {},
    name: params.name,
    next_invoice_sequence: 1,
    phone: params.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: params.testClock ?? null,
  };
  engine.store.customers.set(customer.id, customer);
  engine.emit("customer.created", customer, { at });
  return customer;
}

export type CheckoutOutcome = { ok: true; session: CheckoutSession } | { ok: false; message: string };

/**
 * Pays a Checkout Session with a card: on success the customer (created if the session had none), the
 * saved card, an active subscription and its paid first invoice, then the completed session. A declined
 * card changes nothing, as on Stripe's hosted page.
 */
export function completeCheckout(
  engine: Engine,
  session: CheckoutSession,
  input: { email: string | null; card: ValidCard },
): CheckoutOutcome {
  const decline = input.card.behavior.attachDecline ?? input.card.behavior.chargeDecline;
  if (decline !== null) return { ok: false, message: DECLINE_MESSAGES[decline] };
  const pending = engine.store.pendingSubscriptions.get(session.id);
  if (pending === undefined) throw new Error(`stripe-local: checkout session ${session.id} has no line items.`);

  const existing = session.customer === null ? undefined : engine.store.customers.get(session.customer);
  const customer =
    existing ?? createCustomer(engine, { email: input.email, name: input.card.name }, engine.timeFor(null));
  const at = engine.timeFor(customer.test_clock);
  const paymentMethod = savePaymentMethod(engine, customer, input.card, at);
  const { subscription, invoice } = startSubscription(engine, customer, pending, paymentMethod.id, at);

  session.status = "complete";
  session.payment_status = "paid";
  session.customer = customer.id;
  session.customer_details = {
    email: customer.email,
    name: input.card.name,
    address: null,
    phone: null,
    tax_exempt: "none",
  };
  session.subscription = subscription.id;
  session.invoice = invoice.id;
  session.url = null;
  engine.emit("checkout.session.completed", session, { at });
  return { ok: true, session };
}

function startSubscription(
  engine: Engine,
  customer: Customer,
  pending: PendingSubscription,
  paymentMethodId: string,
  at: number,
): { subscription: Subscription; invoice: Invoice } {
  const id = createId("sub");
  const first = pending.lineItems[0];
  const recurring = first?.price.recurring;
  if (first === undefined || recurring === null || recurring === undefined) {
    throw new Error("stripe-local: a subscription needs a recurring price.");
  }
  const periodEnd = addBillingIntervals(at, recurring.interval, recurring.interval_count);
  const items: SubscriptionItem[] = pending.lineItems.map((lineItem) => ({
    id: createId("si"),
    object: "subscription_item",
    created: at,
    current_period_end: periodEnd,
    current_period_start: at,
    metadata: {},
    price: structuredClone(lineItem.price),
    quantity: lineItem.quantity,
    subscription: id,
  }));
  const subscription: Subscription = {
    id,
    object: "subscription",
    billing_cycle_anchor: at,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: at,
    currency: first.currency,
    current_period_end: periodEnd,
    current_period_start: at,
    customer: customer.id,
    default_payment_method: paymentMethodId,
    description: pending.description,
    ended_at: null,
    items: { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    metadata: { ...pending.metadata },
    pause_collection: null,
    start_date: at,
    status: "active",
    test_clock: customer.test_clock,
    trial_end: null,
    trial_start: null,
  };
  const invoice = buildInvoice(engine, subscription, customer, "subscription_create", at, periodEnd, at);
  subscription.latest_invoice = invoice.id;
  engine.store.subscriptions.set(id, subscription);
  engine.store.billingCycles.set(id, 1);
  engine.emit("customer.subscription.created", subscription, { at });
  engine.emit("invoice.created", invoice, { at });
  finalizeInvoice(engine, invoice, at);
  markInvoicePaid(engine, invoice, customer, at, paymentMethodId);
  return { subscription, invoice };
}

function createInvoicePrefixFor(engine: Engine): string {
  // Unique per account, as on Stripe, so invoice numbers never collide between customers.
  const taken = new Set([...engine.store.customers.values()].map((customer) => customer.invoice_prefix));
  let prefix = createInvoicePrefix();
  while (taken.has(prefix)) prefix = createInvoicePrefix();
  return prefix;
}

function buildInvoice(
  engine: Engine,
  subscription: Subscription,
  customer: Customer,
  reason: Invoice["billing_reason"],
  periodStart: number,
  periodEnd: number,
  at: number,
): Invoice {
  const id = createId("in");
  const lines: InvoiceLine[] = subscription.items.data.map((item) => ({
    id: createId("il"),
    object: "line_item",
    amount: item.price.unit_amount * item.quantity,
    currency: item.price.currency,
    description: `${item.quantity} × ${describeProduct(engine, item.price.product)}`,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      subscription_item_details: { subscription: subscription.id, subscription_item: item.id },
    },
    period: { start: periodStart, end: periodEnd },
    pricing: {
      type: "price_details",
      price_details: { price: item.price.id, product: item.price.product },
      unit_amount_decimal: item.price.unit_amount_decimal,
    },
    quantity: item.quantity,
  }));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence).padStart(4, "0")}`;
  customer.next_invoice_sequence += 1;
  const invoice: Invoice = {
    id,
    object: "invoice",
    amount_due: total,
    amount_paid: 0,
    amount_remaining: total,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    billing_reason: reason,
    collection_method: "charge_automatically",
    created: at,
    currency: subscription.currency,
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name,
    description: null,
    hosted_invoice_url: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id },
    },
    period_end: periodEnd,
    period_start: periodStart,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subscription: subscription.id,
    subtotal: total,
    test_clock: subscription.test_clock,
    total,
  };
  engine.store.invoices.set(id, invoice);
  return invoice;
}

function describeProduct(engine: Engine, productId: string): string {
  return engine.store.products.get(productId)?.name ?? productId;
}

function finalizeInvoice(engine: Engine, invoice: Invoice, at: number): void {
  invoice.status = "open";
  invoice.status_transitions.finalized_at = at;
  // As on Stripe, a finalized invoice has a hosted page (the receipt, once paid).
  invoice.hosted_invoice_url = `${engine.baseUrl}/i/${invoice.id}`;
  engine.emit("invoice.finalized", invoice, { at });
}

/** Marks an invoice paid; a card charge (`paymentMethod`, for an amount due) leaves a PaymentIntent behind. */
function markInvoicePaid(
  engine: Engine,
  invoice: Invoice,
  customer: Customer,
  at: number,
  paymentMethod: string | null,
): void {
  if (invoice.amount_due > 0 && paymentMethod !== null) recordCardPayment(engine, invoice, paymentMethod, at);
  invoice.attempted = invoice.amount_due > 0 || invoice.attempted;
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = at;
  customer.delinquent = false;
  engine.emit("invoice.paid", invoice, { at });
  engine.emit("invoice.payment_succeeded", invoice, { at });
}

/**
 * The successful charge that pays an invoice: a PaymentIntent, its Charge, and the InvoicePayment that links
 * them to the invoice (the current API's `GET /v1/invoice_payments?invoice=…`), so that it can be refunded.
 */
function recordCardPayment(engine: Engine, invoice: Invoice, paymentMethod: string, at: number): void {
  const paymentIntentId = createId("pi");
  const chargeId = createId("ch");
  const description =
    invoice.billing_reason === "subscription_create" ? "Subscription creation" : "Subscription update";
  const paymentIntent: PaymentIntent = {
    id: paymentIntentId,
    object: "payment_intent",
    amount: invoice.amount_due,
    amount_received: invoice.amount_due,
    created: at,
    currency: invoice.currency,
    customer: invoice.customer,
    description,
    latest_charge: chargeId,
    livemode: false,
    metadata: {},
    payment_method: paymentMethod,
    status: "succeeded",
  };
  const charge: Charge = {
    id: chargeId,
    object: "charge",
    amount: invoice.amount_due,
    amount_captured: invoice.amount_due,
    amount_refunded: 0,
    captured: true,
    created: at,
    currency: invoice.currency,
    customer: invoice.customer,
    description,
    livemode: false,
    metadata: {},
    paid: true,
    payment_intent: paymentIntentId,
    payment_method: paymentMethod,
    refunded: false,
    status: "succeeded",
  };
  engine.store.paymentIntents.set(paymentIntent.id, paymentIntent);
  engine.store.charges.set(charge.id, charge);
  const invoicePayment: InvoicePayment = {
    id: createId("inpay"),
    object: "invoice_payment",
    amount_paid: invoice.amount_due,
    amount_requested: invoice.amount_due,
    created: at,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: paymentIntentId },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: at },
  };
  engine.store.invoicePayments.set(invoicePayment.id, invoicePayment);
}

/**
 * Refunds `amount` of a charge (all that is left when omitted): `refund.created` and `charge.refunded`. The
 * caller has checked that the amount is there to refund.
 */
export function refundCharge(
  engine: Engine,
  charge: Charge,
  params: { amount: number; reason: RefundReason | null; metadata: Record<string, string> },
  at: number,
): Refund {
  const refund: Refund = {
    id: createId("re"),
    object: "refund",
    amount: params.amount,
    charge: charge.id,
    created: at,
    currency: charge.currency,
    customer: charge.customer,
    metadata: params.metadata,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: params.reason,
    status: "succeeded",
  };
  engine.store.refunds.set(refund.id, refund);
  const before = structuredClone(charge);
  charge.amount_refunded += params.amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  engine.emit("refund.created", refund, { at });
  engine.emit("charge.refunded", charge, { previous: diffPreviousAttributes(before, charge), at });
  return refund;
}

/** The card a subscription is charged to: its own default, else the customer's. */
function findChargeableCard(subscription: Subscription, customer: Customer): string | null {
  return subscription.default_payment_method ?? customer.invoice_settings.default_payment_method;
}

/** Tries to charge an open invoice. Returns why it failed, or null when it was paid. */
export function collectInvoice(
  engine: Engine,
  invoice: Invoice,
  subscription: Subscription,
  at: number,
): DeclineCode | null {
  const customer = findCustomerOrThrow(engine, invoice.customer);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  if (invoice.amount_due === 0) {
    markInvoicePaid(engine, invoice, customer, at, null);
    return null;
  }
  const card = findChargeableCard(subscription, customer);
  const behavior = card === null ? undefined : engine.store.cardBehaviors.get(card);
  const decline = behavior === undefined ? "card_declined" : behavior.chargeDecline;
  if (decline === null) markInvoicePaid(engine, invoice, customer, at, card);
  return decline;
}

/**
 * Applies the dunning policy after a failed charge: retry later while retries remain (status `past_due`),
 * then give up (status `unpaid`, or canceled, as configured).
 */
function recordPaymentFailure(engine: Engine, subscription: Subscription, invoice: Invoice, at: number): void {
  const customer = findCustomerOrThrow(engine, invoice.customer);
  const retriesLeft = invoice.attempt_count <= engine.dunning.maxRetries;
  invoice.next_payment_attempt = retriesLeft ? at + engine.dunning.retryIntervalDays * SECONDS_PER_DAY : null;
  customer.delinquent = true;
  engine.emit("invoice.payment_failed", invoice, { at });
  if (retriesLeft) {
    changeSubscription(engine, subscription, at, (draft) => {
      draft.status = "past_due";
    });
  } else if (engine.dunning.finalStatus === "canceled") {
    endSubscription(engine, subscription, at, "payment_failed");
  } else {
    changeSubscription(engine, subscription, at, (draft) => {
      draft.status = "unpaid";
    });
  }
}

/**
 * Changes a subscription and, when anything visible changed, raises `customer.subscription.updated` with
 * the old values in `previous_attributes`.
 */
export function changeSubscription(
  engine: Engine,
  subscription: Subscription,
  at: number,
  change: (draft: Subscription) => void,
): void {
  const before = structuredClone(subscription);
  change(subscription);
  const previous = diffPreviousAttributes(before, subscription);
  if (Object.keys(previous).length > 0) {
    engine.emit("customer.subscription.updated", subscription, { previous, at });
  }
}

export function applyCancelAtPeriodEnd(subscription: Subscription, cancel: boolean, at: number): void {
  subscription.cancel_at_period_end = cancel;
  subscription.cancel_at = cancel ? subscription.current_period_end : null;
  subscription.canceled_at = cancel ? at : null;
  subscription.cancellation_details = {
    ...subscription.cancellation_details,
    reason: cancel ? "cancellation_requested" : null,
  };
}

/**
 * An update's `trial_end` (with `proration_behavior=none`, which is what stripe-local does): the subscription
 * is trialing from now until `trialEnd`, its current period runs until then, and the billing cycle restarts
 * there, so the next charge is at `trialEnd` and monthly from it. (Stripe also writes a zero invoice for the
 * trial period; stripe-local does not.)
 */
export function startTrialUntil(engine: Engine, subscription: Subscription, trialEnd: number, at: number): void {
  subscription.status = subscription.status === "active" ? "trialing" : subscription.status;
  subscription.trial_start = at;
  subscription.trial_end = trialEnd;
  subscription.billing_cycle_anchor = trialEnd;
  subscription.current_period_start = at;
  subscription.current_period_end = trialEnd;
  for (const item of subscription.items.data) {
    item.current_period_start = at;
    item.current_period_end = trialEnd;
  }
  // Periods count from the new anchor: the first one after the trial ends a billing interval after it.
  engine.store.billingCycles.set(subscription.id, 0);
}

export function applyPauseCollection(
  subscription: Subscription,
  pause: { behavior: PauseBehavior; resumes_at: number | null } | null,
): void {
  subscription.pause_collection = pause;
}

/** Ends a subscription now: status `canceled` and `customer.subscription.deleted`. */
export function endSubscription(engine: Engine, subscription: Subscription, at: number, reason: string): void {
  subscription.status = "canceled";
  subscription.ended_at = at;
  subscription.canceled_at ??= at;
  subscription.cancellation_details = { ...subscription.cancellation_details, reason };
  for (const invoice of engine.store.invoices.values()) {
    if (invoice.subscription !== subscription.id || invoice.next_payment_attempt === null) continue;
    invoice.next_payment_attempt = null;
    engine.touch(invoice);
  }
  engine.emit("customer.subscription.deleted", subscription, { at });
}

/**
 * Replaces a customer's card (the portal's "update card"): the new card becomes the default for the
 * customer and their subscriptions, and an unpaid latest invoice is charged to it straight away. Returns
 * why that charge failed, if one did.
 */
export function replaceDefaultCard(
  engine: Engine,
  customer: Customer,
  card: ValidCard,
): { paymentMethod: PaymentMethod; failedCharge: DeclineCode | null } {
  const at = engine.timeFor(customer.test_clock);
  const paymentMethod = savePaymentMethod(engine, customer, card, at);
  const before = structuredClone(customer);
  customer.invoice_settings.default_payment_method = paymentMethod.id;
  engine.emit("customer.updated", customer, { previous: diffPreviousAttributes(before, customer), at });
  let failedCharge: DeclineCode | null = null;
  for (const subscription of engine.store.subscriptions.values()) {
    if (subscription.customer !== customer.id || subscription.status === "canceled") continue;
    changeSubscription(engine, subscription, at, (draft) => {
      draft.default_payment_method = paymentMethod.id;
    });
    const invoice =
      subscription.latest_invoice === null ? undefined : engine.store.invoices.get(subscription.latest_invoice);
    if (invoice?.status === "open" && subscription.pause_collection === null) {
      failedCharge = settleRetry(engine, subscription, invoice, at) ?? failedCharge;
    }
  }
  return { paymentMethod, failedCharge };
}

/** Charges an open invoice again; success brings a past-due or unpaid subscription back to `active`. */
export function settleRetry(
  engine: Engine,
  subscription: Subscription,
  invoice: Invoice,
  at: number,
): DeclineCode | null {
  const decline = collectInvoice(engine, invoice, subscription, at);
  if (decline === null) {
    changeSubscription(engine, subscription, at, (draft) => {
      draft.status = "active";
    });
  } else if (subscription.status !== "unpaid") {
    recordPaymentFailure(engine, subscription, invoice, at);
  } else {
    engine.emit("invoice.payment_failed", invoice, { at });
  }
  return decline;
}

export function expireCheckoutSession(engine: Engine, session: CheckoutSession, at: number): void {
  session.status = "expired";
  session.url = null;
  engine.emit("checkout.session.expired", session, { at });
}

type BillingAction =
  | { kind: "resume"; at: number; subscription: Subscription }
  | { kind: "retry"; at: number; subscription: Subscription; invoice: Invoice }
  | { kind: "period_end"; at: number; subscription: Subscription }
  | { kind: "expire"; at: number; session: CheckoutSession };

/**
 * Runs everything that has fallen due on one clock (a test clock, or the stand-in's own for null):
 * renewals, payment retries, scheduled cancellations and resumptions, and Checkout Session expiry. Actions
 * run in time order, each at its own timestamp, so a year's advance produces twelve renewals in sequence.
 */
export function processDueBilling(engine: Engine, testClock: string | null): void {
  const until = engine.timeFor(testClock);
  for (let step = 0; step < MAX_BILLING_STEPS; step++) {
    const action = findNextAction(engine, testClock, until);
    if (action === null) return;
    runAction(engine, action);
  }
  throw new Error("stripe-local: billing did not settle; this is a bug in stripe-local.");
}

function findNextAction(engine: Engine, testClock: string | null, until: number): BillingAction | null {
  const candidates: BillingAction[] = [];
  for (const subscription of engine.store.subscriptions.values()) {
    if (subscription.test_clock === testClock) candidates.push(...listSubscriptionActions(engine, subscription));
  }
  for (const session of engine.store.checkoutSessions.values()) {
    if (session.status !== "open") continue;
    // Peeked, not fetched: the scan runs before every request and fetches would count as changes.
    const customer = session.customer === null ? undefined : peekObject(engine.store.customers, session.customer);
    if ((customer?.test_clock ?? null) === testClock)
      candidates.push({ kind: "expire", at: session.expires_at, session });
  }
  let next: BillingAction | null = null;
  for (const action of candidates) {
    // Strictly earlier only: on a tie the first listed wins, which keeps each subscription's own order.
    if (action.at <= until && (next === null || action.at < next.at)) next = action;
  }
  return next;
}

/** What a subscription is waiting for, earliest kind first so that ties resolve in a sensible order. */
function listSubscriptionActions(engine: Engine, subscription: Subscription): BillingAction[] {
  if (subscription.status === "canceled" || subscription.status === "incomplete") return [];
  const actions: BillingAction[] = [];
  const pause = subscription.pause_collection;
  if (pause?.resumes_at != null) actions.push({ kind: "resume", at: pause.resumes_at, subscription });
  const invoice =
    subscription.latest_invoice === null ? undefined : peekObject(engine.store.invoices, subscription.latest_invoice);
  if (
    pause === null &&
    subscription.status === "past_due" &&
    invoice?.status === "open" &&
    invoice.next_payment_attempt !== null
  ) {
    actions.push({ kind: "retry", at: invoice.next_payment_attempt, subscription, invoice });
  }
  actions.push({ kind: "period_end", at: subscription.current_period_end, subscription });
  return actions;
}

function runAction(engine: Engine, action: BillingAction): void {
  switch (action.kind) {
    case "expire":
      expireCheckoutSession(engine, action.session, action.at);
      return;
    case "resume":
      changeSubscription(engine, action.subscription, action.at, (draft) => applyPauseCollection(draft, null));
      return;
    case "retry":
      settleRetry(engine, action.subscription, action.invoice, action.at);
      return;
    case "period_end":
      endPeriod(engine, action.subscription, action.at);
      return;
  }
}

function endPeriod(engine: Engine, subscription: Subscription, at: number): void {
  if (subscription.cancel_at_period_end) {
    endSubscription(engine, subscription, at, "cancellation_requested");
    return;
  }
  const customer = findCustomerOrThrow(engine, subscription.customer);
  const recurring = subscription.items.data[0]?.price.recurring;
  if (recurring === null || recurring === undefined) throw new Error("stripe-local: subscription without interval.");
  const cycles = (engine.store.billingCycles.get(subscription.id) ?? 1) + 1;
  engine.store.billingCycles.set(subscription.id, cycles);
  const start = subscription.current_period_end;
  const end = addBillingIntervals(
    subscription.billing_cycle_anchor,
    recurring.interval,
    cycles * recurring.interval_count,
  );
  // An older invoice that was still being retried is left open but no longer retried, as on Stripe.
  const previous =
    subscription.latest_invoice === null ? undefined : engine.store.invoices.get(subscription.latest_invoice);
  if (previous !== undefined) previous.next_payment_attempt = null;

  const invoice = buildInvoice(engine, subscription, customer, "subscription_cycle", start, end, at);
  changeSubscription(engine, subscription, at, (draft) => {
    draft.current_period_start = start;
    draft.current_period_end = end;
    draft.latest_invoice = invoice.id;
    for (const item of draft.items.data) {
      item.current_period_start = start;
      item.current_period_end = end;
    }
  });
  engine.emit("invoice.created", invoice, { at });

  const pause = subscription.pause_collection;
  if (pause !== null) {
    settlePausedInvoice(engine, invoice, pause.behavior, at);
    return;
  }
  finalizeInvoice(engine, invoice, at);
  if (subscription.status === "unpaid") {
    // Stripe keeps invoicing an unpaid subscription but stops trying to charge it.
    invoice.auto_advance = false;
    return;
  }
  const decline = collectInvoice(engine, invoice, subscription, at);
  if (decline !== null) {
    recordPaymentFailure(engine, subscription, invoice, at);
  } else if (subscription.status === "past_due" || subscription.status === "trialing") {
    changeSubscription(engine, subscription, at, (draft) => {
      draft.status = "active";
    });
  }
}

/** With collection paused, Stripe still writes each period's invoice but handles it per `behavior`. */
function settlePausedInvoice(engine: Engine, invoice: Invoice, behavior: PauseBehavior, at: number): void {
  invoice.auto_advance = false;
  if (behavior === "keep_as_draft") return;
  finalizeInvoice(engine, invoice, at);
  if (behavior === "void") {
    invoice.status = "void";
    invoice.amount_remaining = 0;
    invoice.status_transitions.voided_at = at;
    engine.emit("invoice.voided", invoice, { at });
  } else {
    invoice.status = "uncollectible";
    invoice.status_transitions.marked_uncollectible_at = at;
    engine.emit("invoice.marked_uncollectible", invoice, { at });
  }
}
