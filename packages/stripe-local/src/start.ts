import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createPrice } from "./api/prices.ts";
import { createProduct } from "./api/products.ts";
import { advanceTestClock } from "./api/test-clocks.ts";
import { processDueBilling, replaceDefaultCard } from "./billing.ts";
import { describeCard, TEST_CARDS } from "./cards.ts";
import { type Clock, createSimulatedClock, systemClock, toUnixSeconds } from "./clock.ts";
import { createEngine, DEFAULT_DUNNING, type DunningPolicy, type Engine } from "./engine.ts";
import { createIdempotencyStore } from "./idempotency.ts";
import type { Price, Product, StripeEvent } from "./objects.ts";
import { openPersistence, type Persistence } from "./persistence.ts";
import { createRequestMeter, type EndpointStats } from "./request-stats.ts";
import { createStripeLocalApp } from "./server.ts";
import { createStore, type Store } from "./store.ts";
import {
  type ChaosSettings,
  createWebhookDispatcher,
  DEFAULT_RETRY_POLICY,
  type WebhookDelivery,
  type WebhookRetryPolicy,
} from "./webhooks.ts";

/** The API version events are stamped with: the one the `stripe` SDK this package is tested with pins. */
export const STRIPE_API_VERSION = "2026-10-28.endive";

export interface StripeLocalOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  hostname?: string;
  /** Origin of the hosted pages in `session.url`, when it differs from where the server listens (a proxy). */
  publicUrl?: string;
  /** Where events are POSTed; events are still recorded without it. */
  webhookUrl?: string | null;
  /** Signing secret for the `Stripe-Signature` header (the `whsec_…` your app verifies with). */
  webhookSecret: string;
  /** The only API key accepted (default `sk_test_stripe_local`). */
  secretKey?: string;
  /** Returned for the browser side (default `pk_test_stripe_local`); refused by the API, as on Stripe. */
  publishableKey?: string;
  /** Billing time: the app's clock, so renewals follow it; `advanceTime()` moves on from there. */
  clock?: Clock;
  /** Wall-clock time for signature timestamps and the request meter (tests pin it). */
  wallClock?: Clock;
  webhookRetry?: Partial<WebhookRetryPolicy>;
  chaos?: ChaosSettings | null;
  dunning?: Partial<DunningPolicy>;
  /** Refuse API requests beyond this many per second with 429 (Stripe's test mode allows 25). Off by default. */
  rateLimitPerSecond?: number | null;
  /**
   * A folder to keep the state in, so that a restart (or a crash) finds every object, idempotency key,
   * pending webhook and the clock's lead as the last answer left them. Created if missing; one process at
   * a time. Without it (the default, and what tests want) the state lives in memory only.
   */
  statePath?: string | null;
}

export interface SeedPricesOptions {
  productName?: string;
  currency?: string;
  /** Monthly amount in the currency's minor unit (cents), and its lookup key. */
  monthly?: { unitAmount: number; lookupKey?: string };
  annual?: { unitAmount: number; lookupKey?: string };
}

export interface SeededPrices {
  product: Product;
  monthly: Price;
  annual: Price;
}

export interface StripeLocal {
  /** `http://127.0.0.1:<port>`: the API lives under `/v1`, hosted pages under `/checkout` and `/portal`. */
  readonly url: string;
  readonly port: number;
  readonly secretKey: string;
  readonly publishableKey: string;
  readonly webhookSecret: string;
  /**
   * Options for the official SDK: `new Stripe(local.secretKey, local.stripeClientOptions)`. Without the SDK's
   * request telemetry: it is meant for Stripe, and a burst of requests fills its buffer, one console line per request.
   */
  readonly stripeClientOptions: { host: string; port: number; protocol: "http"; telemetry: false };
  /** The stand-in's current time (the billing clock). */
  now(): Date;
  /**
   * Moves the billing clock forward by a number of days, or to a date, and runs every renewal, payment
   * retry and scheduled cancellation that falls due on the way, in order. Returns the new time.
   */
  advanceTime(by: number | Date): Date;
  /** Advances a Stripe test clock (one created through the API), like `POST …/test_clocks/:id/advance`. */
  advanceTestClock(testClockId: string, to: Date): void;
  /** Runs whatever fell due because the clock passed in `options.clock` moved on its own. */
  processDueBilling(): void;
  /** Saves a card that can be saved but not charged as the customer's default: the next renewal fails. */
  setCardToFail(customerId: string): void;
  /** Saves a test card (see TEST_CARDS) as the customer's default and pays an open invoice with it. */
  setCustomerCard(customerId: string, cardNumber: string): void;
  /**
   * Creates the membership product with a monthly and an annual price, or returns them when the same
   * prices already carry the lookup keys (a restart on kept state).
   */
  seedPrices(options?: SeedPricesOptions): SeededPrices;
  setWebhookUrl(url: string | null): void;
  setChaos(chaos: ChaosSettings | null): void;
  /** Every delivery attempt so far, oldest first. */
  deliveries(): WebhookDelivery[];
  /** Waits until every queued delivery succeeded or ran out of attempts; resolves with all attempts. */
  waitForDeliveries(options?: { timeoutMs?: number }): Promise<WebhookDelivery[]>;
  /** Every event so far, oldest first. */
  events(): StripeEvent[];
  /** Requests per endpoint (`POST /v1/checkout/sessions`) with the busiest second of each. */
  requestStats(): Record<string, EndpointStats>;
  resetRequestStats(): void;
  /** The Hono app's fetch handler, for in-process requests. */
  fetch(request: Request): Response | Promise<Response>;
  /** Resolves once every change so far is on disk (at once without `statePath`). */
  flush(): Promise<void>;
  /** Closes the server, drops queued deliveries (kept for the next start with `statePath`) and saves. */
  stop(): Promise<void>;
}

const DEFAULT_SECRET_KEY = "sk_test_stripe_local";
const DEFAULT_PUBLISHABLE_KEY = "pk_test_stripe_local";
const DEFAULT_PRODUCT_NAME = "Academy membership";
// A background sweep, so renewals on the real clock happen (and send webhooks) even when nobody calls.
const SWEEP_INTERVAL_MS = 1000;

export async function startStripeLocal(options: StripeLocalOptions): Promise<StripeLocal> {
  if (options.webhookSecret === "") throw new Error("stripe-local: webhookSecret must not be empty.");
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  if (!secretKey.startsWith("sk_test_")) throw new Error("stripe-local: secretKey must start with sk_test_.");
  const persistence = options.statePath ? await openPersistence(options.statePath) : null;
  try {
    return await startWithState(options, secretKey, persistence);
  } catch (error) {
    await persistence?.close();
    throw error;
  }
}

async function startWithState(
  options: StripeLocalOptions,
  secretKey: string,
  persistence: Persistence | null,
): Promise<StripeLocal> {
  const wallClock = options.wallClock ?? systemClock;
  const publishableKey = options.publishableKey ?? DEFAULT_PUBLISHABLE_KEY;
  const store = persistence?.store ?? createStore();
  const clock = createSimulatedClock(options.clock ?? systemClock, persistence?.clockOffsetMs ?? 0);
  const dispatcher = createWebhookDispatcher({
    url: options.webhookUrl ?? null,
    secret: options.webhookSecret,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.webhookRetry },
    nowMs: () => wallClock.now().getTime(),
    onSettled: persistence === null ? undefined : (event) => persistence.finishDelivery(event),
  });
  if (options.chaos) dispatcher.setChaos(options.chaos);
  persistence?.connect({ clockOffsetMs: () => clock.offsetMs(), deliver: (event) => dispatcher.enqueue(event) });
  const engine = createEngine({
    store,
    clock,
    apiVersion: STRIPE_API_VERSION,
    dunning: { ...DEFAULT_DUNNING, ...options.dunning },
    // With a state folder, an event goes out once it is on disk (see persistence.ts).
    sink: persistence === null ? (event) => dispatcher.enqueue(event) : (event) => persistence.recordEvent(event),
    pendingWebhooks: () => (dispatcher.url() === null ? 0 : 1),
    touch: persistence === null ? undefined : (object) => persistence.touch(object),
  });
  const meter = createRequestMeter({
    nowMs: () => wallClock.now().getTime(),
    rateLimitPerSecond: options.rateLimitPerSecond ?? null,
  });
  const app = createStripeLocalApp({
    engine,
    secretKey,
    publishableKey,
    idempotency: createIdempotencyStore({
      records: persistence?.idempotencyRecords,
      nowMs: () => wallClock.now().getTime(),
    }),
    meter,
    commit: persistence === null ? undefined : () => persistence.commit(),
  });
  // For changes made outside a request (the in-process helpers, the sweep): saved at once, not awaited.
  const save = () => {
    persistence?.commit().catch((error: unknown) => console.error("stripe-local: could not save its state", error));
  };

  const hostname = options.hostname ?? "127.0.0.1";
  const { server, port } = await listenOnKeptPort(app.fetch, hostname, options.port ?? 0, persistence);
  // Listening on every interface still means clients reach it on loopback.
  const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  engine.baseUrl = (options.publicUrl ?? url).replace(/\/$/, "");
  if (persistence !== null) {
    repointHostedPages(engine);
    await persistence.commit();
    persistence.resumeDeliveries();
  }
  const sweep = setInterval(() => {
    // A throw here would take the host process down with it; a logged bug is the lesser harm.
    try {
      processDueBilling(engine, null);
      save();
    } catch (error) {
      console.error("stripe-local: background billing failed", error);
    }
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

  const setCard = (customerId: string, cardNumber: string) => {
    const customer = store.customers.get(customerId);
    if (customer === undefined) throw new Error(`stripe-local: no customer ${customerId}.`);
    const now = clock.now();
    replaceDefaultCard(engine, customer, {
      number: cardNumber,
      last4: cardNumber.slice(-4),
      expMonth: 12,
      expYear: now.getUTCFullYear() + 5,
      name: customer.name ?? customer.email ?? "Test customer",
      behavior: describeCard(cardNumber),
    });
    save();
  };

  return {
    url,
    port,
    secretKey,
    publishableKey,
    webhookSecret: options.webhookSecret,
    stripeClientOptions: { host, port, protocol: "http", telemetry: false },
    now: () => clock.now(),
    advanceTime(by) {
      const now = clock.advance(by);
      processDueBilling(engine, null);
      save();
      return now;
    },
    advanceTestClock(testClockId, to) {
      const testClock = store.testClocks.get(testClockId);
      if (testClock === undefined) throw new Error(`stripe-local: no test clock ${testClockId}.`);
      advanceTestClock(engine, testClock, toUnixSeconds(to));
      save();
    },
    processDueBilling() {
      processDueBilling(engine, null);
      save();
    },
    setCardToFail: (customerId) => setCard(customerId, TEST_CARDS.failsOnRenewal),
    setCustomerCard: setCard,
    seedPrices(seed = {}) {
      const seeded = findSeededPrices(store, seed) ?? createSeededPrices(engine, seed);
      save();
      return seeded;
    },
    setWebhookUrl: (next) => dispatcher.setUrl(next),
    setChaos: (chaos) => dispatcher.setChaos(chaos),
    deliveries: () => dispatcher.deliveries(),
    waitForDeliveries: (waitOptions) => dispatcher.waitForIdle(waitOptions?.timeoutMs ?? 10_000),
    events: () => [...store.events.values()],
    requestStats: () => meter.stats(),
    resetRequestStats: () => meter.reset(),
    fetch: (request) => app.fetch(request),
    flush: () => persistence?.commit() ?? Promise.resolve(),
    async stop() {
      clearInterval(sweep);
      dispatcher.stop();
      try {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          if ("closeAllConnections" in server) server.closeAllConnections();
        });
      } finally {
        await persistence?.close();
      }
    },
  };
}

type NodeServer = ReturnType<typeof serve>;

/**
 * Listens on `port`; when that is 0 and the state was served before, on the port it had then, because the
 * app may have saved the hosted-page URLs (an open Checkout Session's) that name it. If that port is taken
 * now, any free one does, and `repointHostedPages` moves the URLs over.
 */
async function listenOnKeptPort(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
  persistence: Persistence | null,
): Promise<{ server: NodeServer; port: number }> {
  const keptPort = port === 0 ? (persistence?.port ?? null) : null;
  let listening: { server: NodeServer; port: number } | undefined;
  if (keptPort !== null) {
    listening = await listen(fetch, hostname, keptPort).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EADDRINUSE") throw error;
      console.warn(`stripe-local: port ${keptPort}, where its hosted pages were, is taken; listening elsewhere.`);
      return undefined;
    });
  }
  listening ??= await listen(fetch, hostname, port);
  if (port === 0) persistence?.rememberPort(listening.port);
  return listening;
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<{ server: NodeServer; port: number }> {
  return new Promise((resolve, reject) => {
    const started = serve({ fetch, port, hostname }, (info: AddressInfo) =>
      resolve({ server: started, port: info.port }),
    );
    started.once("error", reject);
  });
}

/** Open Checkout Sessions, portal sessions and hosted invoice pages saved under another origin get this server's. */
function repointHostedPages(engine: Engine): void {
  const repoint = (session: { id: string; url: string | null }) => {
    if (session.url === null || session.url.startsWith(`${engine.baseUrl}/`)) return;
    const { pathname } = new URL(session.url);
    session.url = `${engine.baseUrl}${pathname}`;
    engine.touch(session);
  };
  for (const session of engine.store.checkoutSessions.values()) if (session.status === "open") repoint(session);
  for (const session of engine.store.portalSessions.values()) repoint(session);
  for (const invoice of engine.store.invoices.values()) {
    if (invoice.hosted_invoice_url === null || invoice.hosted_invoice_url.startsWith(`${engine.baseUrl}/`)) continue;
    invoice.hosted_invoice_url = `${engine.baseUrl}${new URL(invoice.hosted_invoice_url).pathname}`;
    engine.touch(invoice);
  }
}

function findSeededPrices(store: Store, seed: SeedPricesOptions): SeededPrices | null {
  const currency = seed.currency ?? "usd";
  const find = (lookupKey: string, unitAmount: number, interval: "month" | "year") =>
    [...store.prices.values()].find(
      (price) =>
        price.active &&
        price.lookup_key === lookupKey &&
        price.unit_amount === unitAmount &&
        price.currency === currency &&
        price.recurring?.interval === interval &&
        price.recurring.interval_count === 1,
    );
  const monthly = find(seed.monthly?.lookupKey ?? "membership_monthly", seed.monthly?.unitAmount ?? 2900, "month");
  const annual = find(seed.annual?.lookupKey ?? "membership_annual", seed.annual?.unitAmount ?? 29000, "year");
  if (monthly === undefined || annual === undefined || monthly.product !== annual.product) return null;
  const product = store.products.get(monthly.product);
  if (product === undefined || product.name !== (seed.productName ?? DEFAULT_PRODUCT_NAME)) return null;
  return { product, monthly, annual };
}

function createSeededPrices(engine: Engine, seed: SeedPricesOptions): SeededPrices {
  const currency = seed.currency ?? "usd";
  const product = createProduct(engine, { name: seed.productName ?? DEFAULT_PRODUCT_NAME });
  const monthly = createPrice(engine, {
    product: product.id,
    unitAmount: seed.monthly?.unitAmount ?? 2900,
    currency,
    recurring: { interval: "month", intervalCount: 1 },
    lookupKey: seed.monthly?.lookupKey ?? "membership_monthly",
    transferLookupKey: true,
  });
  const annual = createPrice(engine, {
    product: product.id,
    unitAmount: seed.annual?.unitAmount ?? 29000,
    currency,
    recurring: { interval: "year", intervalCount: 1 },
    lookupKey: seed.annual?.lookupKey ?? "membership_annual",
    transferLookupKey: true,
  });
  return { product, monthly, annual };
}
