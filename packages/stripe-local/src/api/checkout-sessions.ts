import { Hono } from "hono";
import { expireCheckoutSession } from "../billing.ts";
import type { Engine } from "../engine.ts";
import { createInvalidRequestError, createMissingParamError, createResourceMissingError } from "../errors.ts";
import { listCheckoutLineItems } from "../expand.ts";
import * as http from "../http.ts";
import { createId } from "../ids.ts";
import type { CheckoutLineItem, CheckoutSession } from "../objects.ts";
import { applyMetadataUpdate, type ParamReader } from "../params.ts";
import { listNewestFirst } from "../store.ts";

const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;
const IGNORED_SESSION_PARAMS = [
  "allow_promotion_codes",
  "automatic_tax",
  "billing_address_collection",
  "consent_collection",
  "currency",
  "custom_fields",
  "custom_text",
  "customer_update",
  "payment_method_collection",
  "payment_method_types",
  "phone_number_collection",
  "tax_id_collection",
];

export function createCheckoutSessionRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .post("/", (c) => {
      const params = http.readRequestParams(c);
      const draft = readNewSession(engine, params);
      const expand = params.expand();
      params.finish();
      const session = createCheckoutSession(engine, draft);
      return http.respondWithObject(c, engine, session, expand);
    })
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const customer = params.string("customer");
      const subscription = params.string("subscription");
      const status = params.oneOf("status", ["open", "complete", "expired"] as const);
      params.ignore("created", "customer_details", "payment_intent", "payment_link");
      const sessions = listNewestFirst(engine.store.checkoutSessions).filter(
        (session) =>
          (customer === undefined || session.customer === customer) &&
          (subscription === undefined || session.subscription === subscription) &&
          (status === undefined || session.status === status),
      );
      return http.respondWithPage(c, engine, params, sessions, "/v1/checkout/sessions");
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.checkoutSessions, "checkout.session"))
    .get("/:id/line_items", (c) => {
      const session = http.findOrThrow(engine.store.checkoutSessions, c.req.param("id"), "checkout.session");
      const params = http.readRequestParams(c);
      return http.respondWithPage(
        c,
        engine,
        params,
        listCheckoutLineItems(engine, session.id).data,
        `/v1/checkout/sessions/${session.id}/line_items`,
      );
    })
    .post("/:id/expire", (c) => {
      const session = http.findOrThrow(engine.store.checkoutSessions, c.req.param("id"), "checkout.session");
      const params = http.readRequestParams(c);
      const expand = params.expand();
      params.finish();
      if (session.status !== "open") {
        throw createInvalidRequestError(
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
        );
      }
      expireCheckoutSession(engine, session, engine.timeFor(findTestClock(engine, session)));
      return http.respondWithObject(c, engine, session, expand);
    });
}

interface NewSession {
  customer: string | null;
  customerEmail: string | null;
  lineItems: { price: string; quantity: number }[];
  successUrl: string;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  subscriptionMetadata: Record<string, string>;
  subscriptionDescription: string | null;
  expiresAt: number | undefined;
  locale: string | null;
}

function readNewSession(engine: Engine, params: ParamReader): NewSession {
  const mode = params.string("mode");
  if (mode === undefined) throw createMissingParamError("mode");
  if (mode !== "subscription") {
    throw createInvalidRequestError(
      `stripe-local supports mode=subscription only (got ${mode}); see packages/stripe-local/README.md.`,
      "mode",
    );
  }
  const uiMode = params.string("ui_mode");
  if (uiMode !== undefined && uiMode !== "hosted") {
    throw createInvalidRequestError("stripe-local supports the hosted Checkout page only (ui_mode=hosted).", "ui_mode");
  }
  const customer = params.string("customer") ?? null;
  const customerEmail = params.string("customer_email") ?? null;
  if (customer !== null && customerEmail !== null) {
    throw createInvalidRequestError("You may only specify one of these parameters: customer, customer_email.");
  }
  if (customer !== null && !engine.store.customers.has(customer)) {
    throw createResourceMissingError("customer", customer, "customer");
  }
  const lineItems = (params.objectList("line_items") ?? []).map((item, index) => {
    if (item.has("price_data")) {
      throw createInvalidRequestError(
        "stripe-local needs an existing recurring price: create it with POST /v1/prices and pass line_items[][price].",
        `line_items[${index}][price_data]`,
      );
    }
    item.ignore("adjustable_quantity", "tax_rates", "dynamic_tax_rates");
    return { price: item.requiredString("price"), quantity: item.integer("quantity", { min: 1 }) ?? 1 };
  });
  if (lineItems.length === 0) throw createMissingParamError("line_items");
  const successUrl = params.string("success_url");
  if (successUrl === undefined) throw createMissingParamError("success_url");
  checkUrl(successUrl, "success_url");
  const cancelUrl = params.string("cancel_url") ?? null;
  if (cancelUrl !== null) checkUrl(cancelUrl, "cancel_url");
  const subscriptionData = params.object("subscription_data");
  for (const trialParam of ["trial_period_days", "trial_end"]) {
    if (subscriptionData?.has(trialParam)) {
      throw createInvalidRequestError(
        "stripe-local does not simulate trials; see packages/stripe-local/README.md.",
        `subscription_data[${trialParam}]`,
      );
    }
  }
  const subscriptionMetadata = applyMetadataUpdate({}, subscriptionData?.metadata());
  const subscriptionDescription = subscriptionData?.string("description") ?? null;
  const draft: NewSession = {
    customer,
    customerEmail,
    lineItems,
    successUrl,
    cancelUrl,
    clientReferenceId: params.string("client_reference_id", { maxLength: 200 }) ?? null,
    metadata: applyMetadataUpdate({}, params.metadata()),
    subscriptionMetadata,
    subscriptionDescription,
    expiresAt: params.integer("expires_at"),
    locale: params.string("locale") ?? null,
  };
  params.ignore(...IGNORED_SESSION_PARAMS);
  return draft;
}

function checkUrl(value: string, param: string): void {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw createInvalidRequestError("Not a valid URL", param, "url_invalid");
  }
}

function findTestClock(engine: Engine, session: CheckoutSession): string | null {
  return session.customer === null ? null : (engine.store.customers.get(session.customer)?.test_clock ?? null);
}

function createCheckoutSession(engine: Engine, draft: NewSession): CheckoutSession {
  const lineItems = draft.lineItems.map((item, index) => buildLineItem(engine, item, index));
  const [first, ...others] = lineItems;
  if (first === undefined) throw createMissingParamError("line_items");
  for (const other of others) {
    const sameCurrency = other.currency === first.currency;
    const sameInterval =
      other.price.recurring?.interval === first.price.recurring?.interval &&
      other.price.recurring?.interval_count === first.price.recurring?.interval_count;
    if (!sameCurrency || !sameInterval) {
      throw createInvalidRequestError(
        "All prices on a subscription must have the same `currency` and `recurring.interval`.",
        "line_items",
      );
    }
  }
  const id = createId("cs_test");
  const testClock = draft.customer === null ? null : (engine.store.customers.get(draft.customer)?.test_clock ?? null);
  const at = engine.timeFor(testClock);
  const expiresAt = draft.expiresAt ?? at + MAX_EXPIRY_SECONDS;
  if (expiresAt < at + MIN_EXPIRY_SECONDS || expiresAt > at + MAX_EXPIRY_SECONDS) {
    throw createInvalidRequestError(
      "The `expires_at` timestamp must be between 30 minutes and 24 hours after the Checkout Session is created.",
      "expires_at",
    );
  }
  const amount = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
  const session: CheckoutSession = {
    id,
    object: "checkout.session",
    amount_subtotal: amount,
    amount_total: amount,
    cancel_url: draft.cancelUrl,
    client_reference_id: draft.clientReferenceId,
    created: at,
    currency: first.currency,
    customer: draft.customer,
    customer_creation: draft.customer === null ? "always" : null,
    customer_details: null,
    customer_email: draft.customerEmail,
    expires_at: expiresAt,
    invoice: null,
    livemode: false,
    locale: draft.locale,
    metadata: draft.metadata,
    mode: "subscription",
    payment_method_types: ["card"],
    payment_status: "unpaid",
    status: "open",
    subscription: null,
    success_url: draft.successUrl,
    ui_mode: "hosted",
    url: `${engine.baseUrl}/checkout/${id}`,
  };
  engine.store.checkoutSessions.set(id, session);
  engine.store.pendingSubscriptions.set(id, {
    lineItems,
    metadata: draft.subscriptionMetadata,
    description: draft.subscriptionDescription,
  });
  return session;
}

function buildLineItem(engine: Engine, item: { price: string; quantity: number }, index: number): CheckoutLineItem {
  const param = `line_items[${index}][price]`;
  const price = engine.store.prices.get(item.price);
  if (price === undefined) throw createResourceMissingError("price", item.price, param);
  if (!price.active) throw createInvalidRequestError(`The price \`${price.id}\` is not active.`, param);
  if (price.recurring === null) {
    throw createInvalidRequestError(
      "You must provide at least one recurring price in `subscription` mode when using prices.",
      param,
    );
  }
  const amount = price.unit_amount * item.quantity;
  return {
    id: createId("li"),
    object: "item",
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: engine.store.products.get(price.product)?.name ?? price.product,
    price: structuredClone(price),
    quantity: item.quantity,
  };
}
