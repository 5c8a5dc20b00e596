import { Hono } from "hono";
import { createCustomer, endSubscription } from "../billing.ts";
import type { Engine } from "../engine.ts";
import { createInvalidRequestError, createResourceMissingError } from "../errors.ts";
import { diffPreviousAttributes } from "../events.ts";
import * as http from "../http.ts";
import type { Customer, DeletedObject } from "../objects.ts";
import { applyMetadataUpdate } from "../params.ts";
import { listNewestFirst } from "../store.ts";

const IGNORED_CUSTOMER_PARAMS = [
  "address",
  "balance",
  "invoice_prefix",
  "preferred_locales",
  "shipping",
  "tax",
  "tax_exempt",
  "tax_id_data",
];

export function createCustomerRoutes(engine: Engine) {
  const findCustomer = (id: string): Customer => {
    const customer = engine.store.customers.get(id);
    if (customer === undefined) throw createResourceMissingError("customer", id);
    return customer;
  };

  return new Hono<http.ApiEnv>()
    .post("/", (c) => {
      const params = http.readRequestParams(c);
      const email = params.string("email", { maxLength: 512 }) ?? null;
      const name = params.string("name", { maxLength: 256 }) ?? null;
      const description = params.string("description") ?? null;
      const phone = params.string("phone") ?? null;
      const metadata = applyMetadataUpdate({}, params.metadata());
      const testClock = params.string("test_clock") ?? null;
      const paymentMethod = params.string("payment_method");
      if (paymentMethod !== undefined) {
        throw createInvalidRequestError(
          "stripe-local saves cards only through its hosted Checkout and portal pages.",
          "payment_method",
        );
      }
      params.ignore(...IGNORED_CUSTOMER_PARAMS, "invoice_settings");
      const expand = params.expand();
      params.finish();
      if (testClock !== null && !engine.store.testClocks.has(testClock)) {
        throw createResourceMissingError("test clock", testClock, "test_clock");
      }
      const at = engine.timeFor(testClock);
      const customer = createCustomer(engine, { email, name, description, phone, metadata, testClock }, at);
      return http.respondWithObject(c, engine, customer, expand);
    })
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const email = params.string("email");
      const testClock = params.string("test_clock");
      params.ignore("created");
      const customers = listNewestFirst(engine.store.customers).filter(
        (customer) =>
          (email === undefined || customer.email === email) &&
          (testClock === undefined || customer.test_clock === testClock),
      );
      return http.respondWithPage(c, engine, params, customers, "/v1/customers");
    })
    .get("/:id", (c) => {
      const params = http.readRequestParams(c);
      const expand = params.expand();
      params.finish();
      const id = c.req.param("id");
      // Stripe still answers for a deleted customer, with a stub that says so.
      if (engine.store.deletedCustomers.has(id)) return c.json({ id, object: "customer", deleted: true });
      return http.respondWithObject(c, engine, findCustomer(id), expand);
    })
    .post("/:id", (c) => {
      const customer = findCustomer(c.req.param("id"));
      const params = http.readRequestParams(c);
      const email = params.has("email") ? (params.string("email", { maxLength: 512 }) ?? null) : customer.email;
      const name = params.has("name") ? (params.string("name", { maxLength: 256 }) ?? null) : customer.name;
      const description = params.has("description") ? (params.string("description") ?? null) : customer.description;
      const phone = params.has("phone") ? (params.string("phone") ?? null) : customer.phone;
      const metadata = params.metadata();
      const invoiceSettings = params.object("invoice_settings");
      const defaultPaymentMethod = invoiceSettings?.has("default_payment_method")
        ? (invoiceSettings.string("default_payment_method") ?? null)
        : customer.invoice_settings.default_payment_method;
      invoiceSettings?.ignore("custom_fields", "footer", "rendering_options");
      params.ignore(...IGNORED_CUSTOMER_PARAMS);
      const expand = params.expand();
      params.finish();
      if (defaultPaymentMethod !== null) {
        const paymentMethod = engine.store.paymentMethods.get(defaultPaymentMethod);
        if (paymentMethod?.customer !== customer.id) {
          throw createInvalidRequestError(
            `No such PaymentMethod: '${defaultPaymentMethod}' attached to this customer.`,
            "invoice_settings[default_payment_method]",
            "resource_missing",
          );
        }
      }
      const before = structuredClone(customer);
      customer.email = email;
      customer.name = name;
      customer.description = description;
      customer.phone = phone;
      customer.metadata = applyMetadataUpdate(customer.metadata, metadata);
      customer.invoice_settings.default_payment_method = defaultPaymentMethod;
      const previous = diffPreviousAttributes(before, customer);
      if (Object.keys(previous).length > 0) {
        engine.emit("customer.updated", customer, { previous, at: engine.timeFor(customer.test_clock) });
      }
      return http.respondWithObject(c, engine, customer, expand);
    })
    .delete("/:id", (c) => {
      const customer = findCustomer(c.req.param("id"));
      http.readRequestParams(c).finish();
      const at = engine.timeFor(customer.test_clock);
      // Deleting a customer cancels their subscriptions at once, as on Stripe.
      for (const subscription of engine.store.subscriptions.values()) {
        if (subscription.customer === customer.id && subscription.status !== "canceled") {
          endSubscription(engine, subscription, at, "cancellation_requested");
        }
      }
      engine.store.customers.delete(customer.id);
      engine.store.deletedCustomers.add(customer.id);
      engine.emit("customer.deleted", customer, { at });
      const deleted: DeletedObject = { id: customer.id, object: "customer", deleted: true };
      return c.json(deleted);
    })
    .get("/:id/payment_methods", (c) => {
      const customer = findCustomer(c.req.param("id"));
      const params = http.readRequestParams(c);
      params.oneOf("type", ["card"] as const);
      const paymentMethods = listNewestFirst(engine.store.paymentMethods).filter(
        (paymentMethod) => paymentMethod.customer === customer.id,
      );
      return http.respondWithPage(c, engine, params, paymentMethods, `/v1/customers/${customer.id}/payment_methods`);
    });
}

export function createPaymentMethodRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>().get("/:id", (c) => {
    const params = http.readRequestParams(c);
    const expand = params.expand();
    params.finish();
    const id = c.req.param("id");
    const paymentMethod = engine.store.paymentMethods.get(id);
    if (paymentMethod === undefined) throw createResourceMissingError("PaymentMethod", id);
    return http.respondWithObject(c, engine, paymentMethod, expand);
  });
}
