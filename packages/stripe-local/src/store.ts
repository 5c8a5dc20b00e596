/**
 * In-memory state. It lives as long as the process that started the stand-in, which is what development and
 * tests want: a restart is a clean Stripe account. Maps keep insertion order, which doubles as creation order
 * for lists (newest first, as Stripe lists are).
 */
import type { CardBehavior } from "./cards.ts";
import { createInvalidRequestError } from "./errors.ts";
import type {
  Charge,
  CheckoutLineItem,
  CheckoutSession,
  Customer,
  Invoice,
  InvoicePayment,
  ListObject,
  PaymentIntent,
  PaymentMethod,
  PortalSession,
  Price,
  Product,
  Refund,
  StoredObject,
  StripeEvent,
  Subscription,
  TestClock,
} from "./objects.ts";
import type { ParamReader } from "./params.ts";

/** What a Checkout Session will create on completion, kept off the session object as Stripe does. */
export interface PendingSubscription {
  lineItems: CheckoutLineItem[];
  metadata: Record<string, string>;
  description: string | null;
}

export interface Store {
  products: Map<string, Product>;
  prices: Map<string, Price>;
  customers: Map<string, Customer>;
  deletedCustomers: Set<string>;
  paymentMethods: Map<string, PaymentMethod>;
  checkoutSessions: Map<string, CheckoutSession>;
  portalSessions: Map<string, PortalSession>;
  subscriptions: Map<string, Subscription>;
  invoices: Map<string, Invoice>;
  invoicePayments: Map<string, InvoicePayment>;
  paymentIntents: Map<string, PaymentIntent>;
  charges: Map<string, Charge>;
  refunds: Map<string, Refund>;
  events: Map<string, StripeEvent>;
  testClocks: Map<string, TestClock>;
  /** Checkout Session id → what completing it creates. */
  pendingSubscriptions: Map<string, PendingSubscription>;
  /** Payment method id → how charges to that card go (the card number never leaves the hosted form). */
  cardBehaviors: Map<string, CardBehavior>;
  /** Subscription id → billing periods completed since the anchor, to compute the next period end. */
  billingCycles: Map<string, number>;
}

export function createStore(): Store {
  return {
    products: new Map(),
    prices: new Map(),
    customers: new Map(),
    deletedCustomers: new Set(),
    paymentMethods: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    invoicePayments: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    events: new Map(),
    testClocks: new Map(),
    pendingSubscriptions: new Map(),
    cardBehaviors: new Map(),
    billingCycles: new Map(),
  };
}

/** Finds any stored object by id, using the id's prefix to pick the collection. */
export function findObject(store: Store, id: string): StoredObject | undefined {
  const prefix = id.slice(0, id.indexOf("_"));
  switch (prefix) {
    case "cus":
      return store.customers.get(id);
    case "prod":
      return store.products.get(id);
    case "price":
      return store.prices.get(id);
    case "pm":
      return store.paymentMethods.get(id);
    case "cs":
      return store.checkoutSessions.get(id);
    case "bps":
      return store.portalSessions.get(id);
    case "sub":
      return store.subscriptions.get(id);
    case "in":
      return store.invoices.get(id);
    case "inpay":
      return store.invoicePayments.get(id);
    case "pi":
      return store.paymentIntents.get(id);
    case "ch":
      return store.charges.get(id);
    case "re":
      return store.refunds.get(id);
    case "evt":
      return store.events.get(id);
    case "clock":
      return store.testClocks.get(id);
    default:
      return undefined;
  }
}

/**
 * Reads an object without counting it as possibly changed. With a state folder, persistence compares every
 * object fetched with `get` against what it last wrote; a scan over many objects that changes few (the
 * billing sweep before each request) peeks instead, and whatever it then changes is fetched, stored or
 * named in an event, as usual.
 */
export function peekObject<T>(collection: Map<string, T>, id: string): T | undefined {
  return Map.prototype.get.call(collection, id) as T | undefined;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

/**
 * A page of `items` (already filtered, newest first) in Stripe's list shape, honouring `limit`,
 * `starting_after` and `ending_before` so the SDK's auto-pagination walks it.
 */
export function paginate<T extends { id: string }>(items: T[], params: ParamReader, url: string): ListObject<T> {
  const limit = params.integer("limit", { min: 1, max: MAX_LIMIT }) ?? DEFAULT_LIMIT;
  const startingAfter = params.string("starting_after");
  const endingBefore = params.string("ending_before");
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw createInvalidRequestError("You may only specify one of these parameters: ending_before, starting_after.");
  }
  if (endingBefore !== undefined) {
    const end = findCursor(items, endingBefore, "ending_before");
    const start = Math.max(0, end - limit);
    return { object: "list", data: items.slice(start, end), has_more: start > 0, url };
  }
  const start = startingAfter === undefined ? 0 : findCursor(items, startingAfter, "starting_after") + 1;
  return { object: "list", data: items.slice(start, start + limit), has_more: start + limit < items.length, url };
}

/** Newest first, as every Stripe list is ordered. */
export function listNewestFirst<T>(collection: Map<string, T>): T[] {
  return [...collection.values()].reverse();
}

function findCursor<T extends { id: string }>(items: T[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw createInvalidRequestError(`No such object to paginate from: '${id}'`, param);
  return index;
}
