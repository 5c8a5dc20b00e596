import { Hono } from "hono";
import { settleRetry } from "../billing.ts";
import { createCardDeclinedError } from "../cards.ts";
import type { Engine } from "../engine.ts";
import { createInvalidRequestError } from "../errors.ts";
import * as http from "../http.ts";
import { listNewestFirst } from "../store.ts";

export function createInvoiceRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const customer = params.string("customer");
      const subscription = params.string("subscription");
      const status = params.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"] as const);
      params.ignore("created", "collection_method", "due_date");
      const invoices = listNewestFirst(engine.store.invoices).filter(
        (invoice) =>
          (customer === undefined || invoice.customer === customer) &&
          (subscription === undefined || invoice.subscription === subscription) &&
          (status === undefined || invoice.status === status),
      );
      return http.respondWithPage(c, engine, params, invoices, "/v1/invoices");
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.invoices, "invoice"))
    .get("/:id/lines", (c) => {
      const invoice = http.findOrThrow(engine.store.invoices, c.req.param("id"), "invoice");
      const params = http.readRequestParams(c);
      return http.respondWithPage(c, engine, params, invoice.lines.data, `/v1/invoices/${invoice.id}/lines`);
    })
    .post("/:id/pay", (c) => {
      const invoice = http.findOrThrow(engine.store.invoices, c.req.param("id"), "invoice");
      const params = http.readRequestParams(c);
      params.ignore("off_session", "forgive", "paid_out_of_band");
      const paymentMethod = params.string("payment_method");
      if (paymentMethod !== undefined) {
        throw createInvalidRequestError(
          "stripe-local charges the saved default card; update it in the portal instead.",
          "payment_method",
        );
      }
      const expand = params.expand();
      params.finish();
      if (invoice.status !== "open") {
        throw createInvalidRequestError(`Invoice is already ${invoice.status === "paid" ? "paid" : invoice.status}.`);
      }
      const subscription = http.findOrThrow(engine.store.subscriptions, invoice.subscription, "subscription");
      const decline = settleRetry(engine, subscription, invoice, engine.timeFor(invoice.test_clock));
      if (decline !== null) throw createCardDeclinedError(decline);
      return http.respondWithObject(c, engine, invoice, expand);
    });
}
