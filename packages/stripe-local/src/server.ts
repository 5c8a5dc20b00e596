/**
 * The HTTP surface: the REST API under `/v1` (Stripe's auth, form encoding, idempotency, errors) and the
 * hosted Checkout and portal pages. A Hono app, so tests can also call it in-process with `app.request()`.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { createBillingPortalRoutes } from "./api/billing-portal.ts";
import { createCheckoutSessionRoutes } from "./api/checkout-sessions.ts";
import { createCustomerRoutes, createPaymentMethodRoutes } from "./api/customers.ts";
import { createEventRoutes } from "./api/events.ts";
import { createInvoiceRoutes } from "./api/invoices.ts";
import {
  createChargeRoutes,
  createInvoicePaymentRoutes,
  createPaymentIntentRoutes,
  createRefundRoutes,
} from "./api/payments.ts";
import { createPriceRoutes } from "./api/prices.ts";
import { createProductRoutes } from "./api/products.ts";
import { createStandInClockRoutes } from "./api/stand-in-clock.ts";
import { createSubscriptionRoutes } from "./api/subscriptions.ts";
import { createTestClockRoutes } from "./api/test-clocks.ts";
import { processDueBilling } from "./billing.ts";
import type { Engine } from "./engine.ts";
import { StripeApiError } from "./errors.ts";
import { runInRequestContext } from "./events.ts";
import { parseForm } from "./form-encoding.ts";
import type { ApiEnv } from "./http.ts";
import type { IdempotencyStore } from "./idempotency.ts";
import { createId } from "./ids.ts";
import { createCheckoutPages } from "./pages/checkout.ts";
import { createInvoicePages } from "./pages/invoice.ts";
import { createPortalPages } from "./pages/portal.ts";
import { describeEndpoint, type RequestMeter } from "./request-stats.ts";

export interface StripeLocalAppOptions {
  engine: Engine;
  secretKey: string;
  publishableKey: string;
  idempotency: IdempotencyStore;
  meter: RequestMeter;
  /** Saves what a request changed (with `statePath`); the answer waits for it, so what it says is on disk. */
  commit?: () => Promise<void>;
}

export function createStripeLocalApp(options: StripeLocalAppOptions) {
  const { engine } = options;
  const app = new Hono<ApiEnv>();
  app.onError((error, c) => {
    if (error instanceof StripeApiError) return c.json({ error: error.body }, error.status);
    console.error("stripe-local: unexpected error", error);
    return c.json(
      { error: { type: "api_error", message: "stripe-local hit an unexpected error; see the server log." } },
      500,
    );
  });
  app.notFound((c) => {
    if (!c.req.path.startsWith("/v1/")) return c.text("Not found", 404);
    const message =
      `Unrecognized request URL (${c.req.method}: ${c.req.path}). stripe-local implements the part of the ` +
      "Stripe API a membership site uses; see packages/stripe-local/README.md.";
    return c.json({ error: { type: "invalid_request_error", message } }, 404);
  });

  app.use(async (c, next) => {
    const isApi = c.req.path.startsWith("/v1/");
    if (!options.meter.record(describeEndpoint(c.req.method, c.req.path), isApi)) {
      c.header("stripe-should-retry", "true");
      const message =
        "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.";
      return c.json({ error: { type: "invalid_request_error", code: "rate_limit", message } }, 429);
    }
    // Renewals and expiries that fell due on the stand-in's clock happen before anything reads the state,
    // as they would have on Stripe while nobody was looking.
    processDueBilling(engine, null);
    await next();
    // After the idempotency record is written (inside `next`), so a replay after a crash finds it too.
    await options.commit?.();
  });
  app.use("/v1/*", createApiMiddleware(options));

  return app
    .route("/v1/products", createProductRoutes(engine))
    .route("/v1/prices", createPriceRoutes(engine))
    .route("/v1/customers", createCustomerRoutes(engine))
    .route("/v1/payment_methods", createPaymentMethodRoutes(engine))
    .route("/v1/checkout/sessions", createCheckoutSessionRoutes(engine))
    .route("/v1/subscriptions", createSubscriptionRoutes(engine))
    .route("/v1/invoices", createInvoiceRoutes(engine))
    .route("/v1/invoice_payments", createInvoicePaymentRoutes(engine))
    .route("/v1/payment_intents", createPaymentIntentRoutes(engine))
    .route("/v1/charges", createChargeRoutes(engine))
    .route("/v1/refunds", createRefundRoutes(engine))
    .route("/v1/billing_portal", createBillingPortalRoutes(engine))
    .route("/v1/events", createEventRoutes(engine))
    .route("/v1/test_helpers/test_clocks", createTestClockRoutes(engine))
    .route("/v1/test_helpers/stand_in_clock", createStandInClockRoutes(engine))
    .route("/checkout", createCheckoutPages(engine))
    .route("/portal", createPortalPages(engine))
    .route("/i", createInvoicePages(engine));
}

/** Authentication, parameters, idempotency and the request id, for every `/v1` call. */
function createApiMiddleware(options: StripeLocalAppOptions): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const requestId = createId("req");
    c.set("requestId", requestId);
    c.header("request-id", requestId);
    c.header("stripe-version", c.req.header("stripe-version") ?? options.engine.apiVersion);
    checkApiKey(c.req.header("authorization"), options);

    const url = new URL(c.req.url);
    const body = c.req.method === "GET" ? "" : await c.req.text();
    const form = { ...parseForm(url.search.slice(1)), ...parseForm(body) };
    c.set("form", form);

    const idempotencyKey = c.req.method === "POST" ? (c.req.header("idempotency-key") ?? null) : null;
    if (idempotencyKey === null) {
      await runInRequestContext({ id: requestId, idempotencyKey: null }, next);
      return;
    }
    const check = options.idempotency.check(idempotencyKey, c.req.method, c.req.path, form);
    if (check.replay !== null) return check.replay;
    c.header("idempotency-key", idempotencyKey);
    await runInRequestContext({ id: requestId, idempotencyKey }, next);
    await check.complete(c.res, requestId);
  };
}

function checkApiKey(authorization: string | undefined, options: StripeLocalAppOptions): void {
  const key = readApiKey(authorization);
  if (key === null) {
    throw new StripeApiError({
      status: 401,
      type: "invalid_request_error",
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using " +
        "Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    });
  }
  if (key === options.publishableKey) {
    throw new StripeApiError({
      status: 401,
      type: "invalid_request_error",
      message: "This API call cannot be made with a publishable API key. Please use a secret API key.",
    });
  }
  if (key !== options.secretKey) {
    throw new StripeApiError({
      status: 401,
      type: "invalid_request_error",
      message: `Invalid API Key provided: ${redactKey(key)}`,
      code: "api_key_invalid",
    });
  }
}

/** Bearer auth, or Basic auth with the key as the user name (`curl -u sk_test_…:`), as Stripe accepts both. */
function readApiKey(authorization: string | undefined): string | null {
  if (authorization === undefined) return null;
  const [scheme, credentials] = authorization.trim().split(/\s+/, 2);
  if (credentials === undefined) return null;
  if (scheme?.toLowerCase() === "bearer") return credentials;
  if (scheme?.toLowerCase() === "basic") {
    const decoded = Buffer.from(credentials, "base64").toString("utf8");
    return decoded.slice(0, decoded.indexOf(":") === -1 ? undefined : decoded.indexOf(":")) || null;
  }
  return null;
}

function redactKey(key: string): string {
  return key.length <= 12 ? "****" : `${key.slice(0, 8)}${"*".repeat(Math.min(key.length - 12, 24))}${key.slice(-4)}`;
}
