/**
 * The Stripe objects this stand-in keeps, in their wire shape (the JSON the API returns). They carry the
 * fields a membership app reads; fields Stripe has and this stand-in never sets are left out rather than
 * filled with made-up values. Where the current API version moved a field (a subscription's period now
 * lives on its items, an invoice's subscription under `parent`), both places are filled, because apps
 * written against either shape exist.
 */
import type { BillingInterval } from "./clock.ts";
import type { Metadata } from "./params.ts";

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export interface DeletedObject {
  id: string;
  object: string;
  deleted: true;
}

export interface Product {
  id: string;
  object: "product";
  active: boolean;
  created: number;
  updated: number;
  default_price: string | null;
  description: string | null;
  images: string[];
  livemode: false;
  metadata: Metadata;
  name: string;
  type: "service";
  url: string | null;
}

export interface Recurring {
  interval: BillingInterval;
  interval_count: number;
  meter: null;
  trial_period_days: null;
  usage_type: "licensed";
}

export interface Price {
  id: string;
  object: "price";
  active: boolean;
  billing_scheme: "per_unit";
  created: number;
  currency: string;
  livemode: false;
  lookup_key: string | null;
  metadata: Metadata;
  nickname: string | null;
  product: string;
  recurring: Recurring | null;
  tax_behavior: "unspecified";
  type: "one_time" | "recurring";
  unit_amount: number;
  unit_amount_decimal: string;
}

export interface Customer {
  id: string;
  object: "customer";
  address: null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: "none";
  test_clock: string | null;
}

export interface CardDetails {
  brand: string;
  country: string;
  exp_month: number;
  exp_year: number;
  funding: "credit" | "debit";
  last4: string;
}

export interface PaymentMethod {
  id: string;
  object: "payment_method";
  billing_details: { address: null; email: string | null; name: string | null; phone: null };
  card: CardDetails;
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Metadata;
  type: "card";
}

export interface CheckoutLineItem {
  id: string;
  object: "item";
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: Price;
  quantity: number;
}

export type CheckoutSessionStatus = "complete" | "expired" | "open";

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: string | null;
  customer_creation: "always" | null;
  customer_details: {
    email: string | null;
    name: string | null;
    address: null;
    phone: null;
    tax_exempt: "none";
  } | null;
  customer_email: string | null;
  expires_at: number;
  invoice: string | null;
  livemode: false;
  locale: string | null;
  metadata: Metadata;
  mode: "subscription";
  payment_method_types: string[];
  payment_status: "paid" | "unpaid";
  status: CheckoutSessionStatus;
  subscription: string | null;
  success_url: string;
  ui_mode: "hosted";
  url: string | null;
}

export type SubscriptionStatus = "active" | "canceled" | "incomplete" | "past_due" | "paused" | "trialing" | "unpaid";

export type PauseBehavior = "keep_as_draft" | "mark_uncollectible" | "void";

export interface SubscriptionItem {
  id: string;
  object: "subscription_item";
  created: number;
  current_period_end: number;
  current_period_start: number;
  metadata: Metadata;
  price: Price;
  quantity: number;
  subscription: string;
}

export interface Subscription {
  id: string;
  object: "subscription";
  billing_cycle_anchor: number;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null };
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  /** Moved to `items.data[].current_period_end` in API version 2025-03-31; kept for older app code. */
  current_period_end: number;
  /** Moved to `items.data[].current_period_start` in API version 2025-03-31; kept for older app code. */
  current_period_start: number;
  customer: string;
  default_payment_method: string | null;
  description: string | null;
  ended_at: number | null;
  items: ListObject<SubscriptionItem>;
  latest_invoice: string | null;
  livemode: false;
  metadata: Metadata;
  pause_collection: { behavior: PauseBehavior; resumes_at: number | null } | null;
  start_date: number;
  status: SubscriptionStatus;
  test_clock: string | null;
  /** Set by an update's `trial_end`: the next charge waits until then. */
  trial_end: number | null;
  trial_start: number | null;
}

export type InvoiceStatus = "draft" | "open" | "paid" | "uncollectible" | "void";

export interface InvoiceLine {
  id: string;
  object: "line_item";
  amount: number;
  currency: string;
  description: string;
  livemode: false;
  metadata: Metadata;
  parent: {
    type: "subscription_item_details";
    subscription_item_details: { subscription: string; subscription_item: string };
  };
  period: { end: number; start: number };
  pricing: { type: "price_details"; price_details: { price: string; product: string }; unit_amount_decimal: string };
  quantity: number;
}

export interface Invoice {
  id: string;
  object: "invoice";
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  billing_reason: "manual" | "subscription_create" | "subscription_cycle";
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  customer_email: string | null;
  customer_name: string | null;
  description: string | null;
  hosted_invoice_url: string | null;
  lines: ListObject<InvoiceLine>;
  livemode: false;
  metadata: Metadata;
  next_payment_attempt: number | null;
  number: string;
  parent: {
    type: "subscription_details";
    quote_details: null;
    subscription_details: { metadata: Metadata; subscription: string };
  };
  period_end: number;
  period_start: number;
  status: InvoiceStatus;
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  /** Moved to `parent.subscription_details.subscription` in API version 2025-03-31; kept for older app code. */
  subscription: string;
  subtotal: number;
  test_clock: string | null;
  total: number;
}

/** The charge behind a paid invoice, as Stripe's PaymentIntent records it (only successful ones are kept). */
export interface PaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  created: number;
  currency: string;
  customer: string;
  description: string | null;
  latest_charge: string;
  livemode: false;
  metadata: Metadata;
  payment_method: string;
  status: "succeeded";
}

export interface Charge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: true;
  created: number;
  currency: string;
  customer: string;
  description: string | null;
  livemode: false;
  metadata: Metadata;
  paid: true;
  payment_intent: string;
  payment_method: string;
  /** True once the whole amount has been refunded. */
  refunded: boolean;
  status: "succeeded";
}

/** How an invoice was paid: the current API's link from an invoice to its PaymentIntent. */
export interface InvoicePayment {
  id: string;
  object: "invoice_payment";
  amount_paid: number;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  is_default: true;
  livemode: false;
  payment: { type: "payment_intent"; payment_intent: string };
  status: "paid";
  status_transitions: { canceled_at: null; paid_at: number };
}

export type RefundReason = "duplicate" | "fraudulent" | "requested_by_customer";

export interface Refund {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  customer: string;
  metadata: Metadata;
  payment_intent: string;
  payment_method: string;
  reason: RefundReason | null;
  status: "succeeded";
}

export interface PortalSession {
  id: string;
  object: "billing_portal.session";
  configuration: string;
  created: number;
  customer: string;
  flow: null;
  livemode: false;
  locale: string | null;
  on_behalf_of: null;
  return_url: string | null;
  url: string;
}

export interface TestClock {
  id: string;
  object: "test_helpers.test_clock";
  created: number;
  deletes_after: number;
  frozen_time: number;
  livemode: false;
  name: string | null;
  status: "advancing" | "internal_failure" | "ready";
}

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** Every object the store can look up by id, for expansion and for `GET` by id. */
export type StoredObject =
  | Charge
  | CheckoutSession
  | Customer
  | Invoice
  | InvoicePayment
  | PaymentIntent
  | PaymentMethod
  | PortalSession
  | Price
  | Product
  | Refund
  | StripeEvent
  | Subscription
  | TestClock;
