/**
 * What a paid invoice leaves behind, and refunds: `GET /v1/invoice_payments` (an invoice's payments),
 * `GET /v1/payment_intents/:id`, `GET /v1/charges/:id` and `POST /v1/refunds` by `payment_intent` or `charge`.
 */
import { Hono } from "hono";
import { refundCharge } from "../billing.ts";
import type { Engine } from "../engine.ts";
import { createInvalidRequestError, createResourceMissingError } from "../errors.ts";
import * as http from "../http.ts";
import type { Charge } from "../objects.ts";
import { applyMetadataUpdate } from "../params.ts";
import { listNewestFirst } from "../store.ts";

const REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"] as const;

export function createInvoicePaymentRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const invoice = params.string("invoice");
      const status = params.oneOf("status", ["canceled", "open", "paid"] as const);
      const payment = params.object("payment");
      const paymentIntent = payment?.string("payment_intent");
      payment?.oneOf("type", ["payment_intent"] as const);
      params.ignore("created");
      const payments = listNewestFirst(engine.store.invoicePayments).filter(
        (item) =>
          (invoice === undefined || item.invoice === invoice) &&
          (status === undefined || item.status === status) &&
          (paymentIntent === undefined || item.payment.payment_intent === paymentIntent),
      );
      return http.respondWithPage(c, engine, params, payments, "/v1/invoice_payments");
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.invoicePayments, "invoice payment"));
}

export function createPaymentIntentRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>().get("/:id", http.retrieveFrom(engine, engine.store.paymentIntents, "payment_intent"));
}

export function createChargeRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>().get("/:id", http.retrieveFrom(engine, engine.store.charges, "charge"));
}

export function createRefundRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .post("/", (c) => {
      const params = http.readRequestParams(c);
      const chargeId = params.string("charge");
      const paymentIntentId = params.string("payment_intent");
      const amount = params.integer("amount", { min: 1 });
      const reason = params.oneOf("reason", REFUND_REASONS) ?? null;
      const metadata = applyMetadataUpdate({}, params.metadata());
      params.ignore("instructions_email", "refund_application_fee", "reverse_transfer");
      const expand = params.expand();
      params.finish();
      const charge = findChargeToRefund(engine, chargeId, paymentIntentId);
      const left = charge.amount - charge.amount_refunded;
      if (left === 0) {
        throw createInvalidRequestError(
          `Charge ${charge.id} has already been refunded.`,
          undefined,
          "charge_already_refunded",
        );
      }
      if (amount !== undefined && amount > left) {
        throw createInvalidRequestError(
          `Refund amount (${amount}) is greater than the unrefunded amount on charge (${left}).`,
          "amount",
          "amount_too_large",
        );
      }
      const testClock = engine.store.customers.get(charge.customer)?.test_clock ?? null;
      const refund = refundCharge(
        engine,
        charge,
        { amount: amount ?? left, reason, metadata },
        engine.timeFor(testClock),
      );
      return http.respondWithObject(c, engine, refund, expand);
    })
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const charge = params.string("charge");
      const paymentIntent = params.string("payment_intent");
      params.ignore("created");
      const refunds = listNewestFirst(engine.store.refunds).filter(
        (refund) =>
          (charge === undefined || refund.charge === charge) &&
          (paymentIntent === undefined || refund.payment_intent === paymentIntent),
      );
      return http.respondWithPage(c, engine, params, refunds, "/v1/refunds");
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.refunds, "refund"));
}

/** The charge a refund names, directly or through its PaymentIntent (both may be given if they agree). */
function findChargeToRefund(engine: Engine, chargeId: string | undefined, paymentIntentId: string | undefined): Charge {
  if (chargeId === undefined && paymentIntentId === undefined) {
    throw createInvalidRequestError(
      "One of the following params should be provided for this request: payment_intent or charge.",
    );
  }
  let charge: Charge | undefined;
  if (paymentIntentId !== undefined) {
    const paymentIntent = engine.store.paymentIntents.get(paymentIntentId);
    if (paymentIntent === undefined) {
      throw createResourceMissingError("payment_intent", paymentIntentId, "payment_intent");
    }
    charge = engine.store.charges.get(paymentIntent.latest_charge);
  }
  if (chargeId !== undefined) {
    const named = engine.store.charges.get(chargeId);
    if (named === undefined) throw createResourceMissingError("charge", chargeId, "charge");
    if (charge !== undefined && charge.id !== named.id) {
      throw createInvalidRequestError(
        `The charge ${chargeId} does not belong to the PaymentIntent ${paymentIntentId}.`,
        "charge",
      );
    }
    charge = named;
  }
  if (charge === undefined) throw new Error("stripe-local: a PaymentIntent without its charge.");
  return charge;
}
