/**
 * Issue #8: the API killed with SIGKILL in the middle of a webhook burst. stripe-local runs in its own
 * process, so it outlives the API and keeps retrying; the API reaches it through STRIPE_API_BASE. After a
 * restart on the same port and database, every membership matches Stripe's final state: nothing lost,
 * nothing doubled. Runs on embedded PGlite (the default) and on a private PostgreSQL.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { findOrCreateUser } from "@academy/auth";
import { type DatabaseHandle, openDatabase } from "@academy/db/client";
import { saveStripeCustomer } from "@academy/db/queries/billing";
import { stripeEvents, subscriptions } from "@academy/db/schema";
import { deriveMembership, loadMembership, type SubscriptionStatus } from "@academy/platform/billing";
import { payCheckout } from "@academy/stripe-local/testing";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HANDLED_EVENTS } from "../routes/billing.ts";
import { type ApiProcess, freePort, killChild, startApiProcess } from "./api-process.ts";
import { startPrivatePostgres } from "./private-postgres.ts";

const CUSTOMERS = 200;
// One checkout starts every 30 ms: a 6-second burst, about as fast as the API takes its webhooks in, so the
// kill lands with part of it stored, part of it arriving while the API is down, and part still to come.
const CHECKOUT_INTERVAL_MS = 30;
const SECRET_KEY = "sk_test_webhook_kill";
const WEBHOOK_SECRET = "whsec_webhook_kill";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A database the API process and the test take turns on (PGlite admits one process at a time). */
interface TestDatabase {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  destroy(): void;
}

const databases: { name: string; create(): Promise<TestDatabase> }[] = [
  {
    name: "PGlite",
    async create() {
      const folder = mkdtempSync(join(tmpdir(), "academy-webhook-kill-"));
      return {
        env: { DATA_DIR: folder },
        open: () => openDatabase({ dataDir: folder }),
        destroy: () => rmSync(folder, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "PostgreSQL",
    async create() {
      const postgres = await startPrivatePostgres();
      return {
        env: { DATABASE_URL: postgres.url },
        open: () => openDatabase({ url: postgres.url }),
        destroy: postgres.destroy,
      };
    },
  },
];

interface TestCustomer {
  index: number;
  userId: string;
  customerId: string;
}

describe.each(databases)("the API killed with SIGKILL in a webhook burst ($name)", ({ create }) => {
  let database: TestDatabase;
  let local: StripeLocalProcess;
  let stripe: Stripe;
  let apiPort: number;
  let monthlyPriceId: string;
  let customers: TestCustomer[];

  beforeAll(async () => {
    database = await create();
    apiPort = await freePort();
    local = await startStripeLocalProcess(`http://127.0.0.1:${apiPort}/api/billing/webhook`);
    const url = new URL(local.url);
    stripe = new Stripe(SECRET_KEY, {
      host: url.hostname,
      port: Number(url.port),
      protocol: "http",
      maxNetworkRetries: 2,
      telemetry: false,
    });
    const [monthly] = (await stripe.prices.list({ lookup_keys: ["membership_monthly"] })).data;
    if (!monthly) throw new Error("stripe-local seeded no membership_monthly price");
    monthlyPriceId = monthly.id;
    // Her account and her Stripe customer, linked as checkout links them, before the API starts.
    const handle = await database.open();
    try {
      customers = await mapConcurrently(range(CUSTOMERS), 10, async (index) => {
        const user = await findOrCreateUser(handle.db, `runner${index}@example.com`);
        const customer = await stripe.customers.create({ email: user.email, metadata: { userId: user.id } });
        await saveStripeCustomer(handle.db, user.id, customer.id);
        return { index, userId: user.id, customerId: customer.id };
      });
    } finally {
      await handle.close();
    }
  });
  afterAll(async () => {
    await local?.stop();
    database?.destroy();
  });

  it("stores every subscription as Stripe ends up with it, once, after a restart", async () => {
    const started = Date.now();
    const env = {
      ...database.env,
      NODE_ENV: "test",
      SITE_URL: "http://localhost:4321",
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: local.url,
    };
    let first: ApiProcess | undefined;
    let second: ApiProcess | undefined;
    try {
      first = await startApiProcess(env, apiPort);
      // The set-up's events (customers created before the API was up) go through first, so the burst
      // starts on an empty queue and its numbers are its own.
      await waitUntilDelivered(stripe, 30_000);
      const setUpEvents = new Set((await listEvents(stripe)).map((event) => event.id));

      let subscribed = 0;
      const burst = Promise.all(
        customers.map(async (customer, index) => {
          await sleep(index * CHECKOUT_INTERVAL_MS);
          await subscribeAndChange(customer);
          subscribed++;
        }),
      );
      const deliveredSubscriptions = () =>
        local.deliveries.filter((delivery) => delivery.ok && delivery.type === "customer.subscription.created").length;
      // A third of the memberships stored; or, on a machine where the API lags, half the checkouts made.
      const midBurst = () =>
        deliveredSubscriptions() >= CUSTOMERS * 0.3 || (subscribed >= CUSTOMERS / 2 && deliveredSubscriptions() > 0);
      for (let waited = 0; !midBurst(); waited += 10) {
        if (waited > 60_000) throw new Error(`The burst did not get going (${subscribed} subscribed).`);
        await sleep(10);
      }
      await first.kill("SIGKILL");
      const subscribedAtKill = subscribed;
      const deliveredAtKill = local.deliveries.filter(
        (delivery) => delivery.ok && !setUpEvents.has(delivery.eventId),
      ).length;
      // What the database holds at the moment of the kill (PGlite: the killed process's stale lock is taken over).
      const atKill = await database.open();
      const rowsAtKill = (await atKill.db.select({ id: subscriptions.id }).from(subscriptions)).length;
      await atKill.close();

      second = await startApiProcess(env, apiPort);
      await burst;
      await waitUntilDelivered(stripe, 60_000);
      const events = (await listEvents(stripe)).filter((event) => !setUpEvents.has(event.id));
      const stripeSubscriptions = await stripe.subscriptions
        .list({ status: "all", limit: 100 })
        .autoPagingToArray({ limit: 10_000 });
      await second.kill();
      await local.stop();

      const handle = await database.open();
      try {
        const rows = await handle.db.select().from(subscriptions);
        const recorded = await handle.db.select({ id: stripeEvents.id }).from(stripeEvents);
        const now = new Date();
        const expected: unknown[] = [];
        const actual: unknown[] = [];
        const expectedStates = new Map<string, number>();
        for (const customer of customers) {
          const inStripe = stripeSubscriptions.filter((subscription) => subscription.customer === customer.customerId);
          const stored = rows.filter((row) => row.stripeCustomerId === customer.customerId);
          const membership = deriveMembership(
            inStripe[0] && {
              status: inStripe[0].status as SubscriptionStatus,
              // Paused right after paying: access pauses when the paid period ends.
              pausedAt: inStripe[0].pause_collection
                ? new Date((inStripe[0].items.data[0]?.current_period_end ?? 0) * 1000)
                : null,
              resumesAt: null,
              currentPeriodEnd: new Date((inStripe[0].items.data[0]?.current_period_end ?? 0) * 1000),
              cancelAtPeriodEnd: inStripe[0].cancel_at_period_end,
              pastDueSince: null,
            },
            now,
          );
          expectedStates.set(membership.state, (expectedStates.get(membership.state) ?? 0) + 1);
          expected.push({
            customer: customer.customerId,
            subscriptions: inStripe.map((subscription) => ({
              id: subscription.id,
              userId: customer.userId,
              status: subscription.status,
              priceId: subscription.items.data[0]?.price.id,
              currentPeriodEnd: new Date((subscription.items.data[0]?.current_period_end ?? 0) * 1000),
              cancelAtPeriodEnd: subscription.cancel_at_period_end,
              paused: subscription.pause_collection !== null,
            })),
            membership,
          });
          actual.push({
            customer: customer.customerId,
            subscriptions: stored.map((row) => ({
              id: row.id,
              userId: row.userId,
              status: row.status,
              priceId: row.priceId,
              currentPeriodEnd: row.currentPeriodEnd,
              cancelAtPeriodEnd: row.cancelAtPeriodEnd,
              paused: row.pausedAt !== null,
            })),
            membership: await loadMembership(handle.db, customer.userId, now),
          });
        }

        const burstDeliveries = local.deliveries.filter((delivery) => !setUpEvents.has(delivery.eventId));
        const failed = burstDeliveries.filter((delivery) => !delivery.ok);
        const refused = failed.filter((delivery) => delivery.outcome.includes("ECONNREFUSED"));
        const retried = new Set(failed.map((delivery) => delivery.eventId));
        const deliveredOnRetry = burstDeliveries.filter((delivery) => delivery.ok && delivery.attempt > 1);
        console.log(
          `webhook kill (${handle.kind}): ${events.length} events in the burst, ${burstDeliveries.length} delivery attempts, ` +
            `${failed.length} failed (${refused.length} refused while the API was down, ` +
            `${failed.length - refused.length} cut off by the kill), ${retried.size} events retried ` +
            `(${deliveredOnRetry.length} delivered on a retry); killed after ${subscribedAtKill} of ${CUSTOMERS} ` +
            `checkouts, ${deliveredAtKill} events delivered and ${rowsAtKill} subscriptions stored; ` +
            `${customers.length} memberships checked; ` +
            `${((Date.now() - started) / 1000).toFixed(1)} s`,
        );

        // The kill happened mid-burst: some memberships were stored, not all, and deliveries failed meanwhile.
        expect(deliveredAtKill).toBeGreaterThan(0);
        expect(rowsAtKill).toBeGreaterThan(0);
        expect(subscribedAtKill).toBeLessThan(CUSTOMERS);
        expect(rowsAtKill).toBeLessThan(CUSTOMERS);
        expect(refused.length).toBeGreaterThan(0);
        expect(deliveredOnRetry.length).toBeGreaterThan(0);
        // Each customer has the one subscription she paid for, stored once, as Stripe ends up with it.
        expect(stripeSubscriptions).toHaveLength(CUSTOMERS);
        expect(Object.fromEntries(expectedStates)).toEqual({
          active: (CUSTOMERS * 2) / 5,
          ending: CUSTOMERS / 5,
          lapsed: CUSTOMERS / 5,
          pausing: CUSTOMERS / 5,
        });
        expect(rows).toHaveLength(CUSTOMERS);
        expect(actual).toEqual(expected);
        // Every event the handler acts on was recorded once (the table's key), none lost, none invented.
        const handled = events.filter((event) => HANDLED_EVENTS.has(event.type)).map((event) => event.id);
        expect(recorded.map((row) => row.id).sort()).toEqual(handled.sort());
      } finally {
        await handle.close();
      }
    } finally {
      await first?.kill("SIGKILL");
      await second?.kill("SIGKILL");
    }
  });

  /** Pays for a monthly membership on the hosted Checkout page, then changes it as members do. */
  async function subscribeAndChange(customer: TestCustomer): Promise<void> {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.customerId,
      client_reference_id: customer.userId,
      line_items: [{ price: monthlyPriceId, quantity: 1 }],
      success_url: "http://localhost:4321/enroll/welcome?session_id={CHECKOUT_SESSION_ID}",
      subscription_data: { metadata: { userId: customer.userId } },
    });
    const paid = await payCheckout(String(session.url));
    expect(paid.status).toBe(303);
    const { subscription } = await stripe.checkout.sessions.retrieve(session.id);
    const id = typeof subscription === "string" ? subscription : String(subscription?.id);
    // Later events undo earlier ones, so a webhook that arrives late must not win.
    switch (customer.index % 5) {
      case 1:
        await stripe.subscriptions.update(id, { cancel_at_period_end: true });
        break;
      case 2:
        await stripe.subscriptions.cancel(id);
        break;
      case 3:
        await stripe.subscriptions.update(id, { pause_collection: { behavior: "void" } });
        break;
      case 4:
        await stripe.subscriptions.update(id, { cancel_at_period_end: true });
        await stripe.subscriptions.update(id, { cancel_at_period_end: false });
        break;
    }
  }
});

/** stripe-local's CLI in a child process, with the delivery attempts it prints. */
interface StripeLocalProcess {
  url: string;
  /** Every delivery attempt so far, oldest first (printed by the CLI a moment after it happens). */
  deliveries: { eventId: string; type: string; attempt: number; ok: boolean; outcome: string }[];
  /** Stops it (SIGTERM): the last attempts are printed first. */
  stop(): Promise<void>;
}

const cliFile = fileURLToPath(new URL("../../../../packages/stripe-local/src/cli.ts", import.meta.url));

async function startStripeLocalProcess(webhookUrl: string): Promise<StripeLocalProcess> {
  const child = spawn(
    process.execPath,
    [
      cliFile,
      ...["--port", "0", "--secret-key", SECRET_KEY, "--webhook-secret", WEBHOOK_SECRET, "--webhook-url", webhookUrl],
      // A retry at most a second after the API is back, for over a minute: it outlasts a restart, quickly.
      ...["--webhook-attempts", "100", "--webhook-delay", "100", "--webhook-max-delay", "1000", "--log-deliveries"],
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  // "close" comes after the last line of output has been read; "exit" may come before it.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let output = "";
  const deliveries: StripeLocalProcess["deliveries"] = [];
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`stripe-local exited with ${code}: ${output}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const delivery = /^webhook (\S+) (\S+) attempt (\d+): (delivered|failed) \((.*)\)$/.exec(line);
      if (delivery) {
        const [, eventId = "", type = "", attempt = "", result, outcome = ""] = delivery;
        deliveries.push({ eventId, type, attempt: Number(attempt), ok: result === "delivered", outcome });
        return;
      }
      output += `${line}\n`;
      const listening = /^stripe-local listening on (\S+)$/.exec(line);
      if (listening?.[1]) resolve(listening[1]);
    });
  });
  return {
    url,
    deliveries,
    async stop() {
      await killChild(child);
      await closed;
    },
  };
}

/** Waits until stripe-local has delivered every event (Stripe's `pending_webhooks` down to 0). */
async function waitUntilDelivered(stripe: Stripe, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = (await listEvents(stripe)).filter((event) => event.pending_webhooks > 0);
    if (pending.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`${pending.length} events still undelivered after ${timeoutMs} ms, e.g. ${pending[0]?.type}`);
    }
    await sleep(250);
  }
}

function listEvents(stripe: Stripe): Promise<Stripe.Event[]> {
  return stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** `work` on every item, at most `concurrency` at a time; results in the items' order. */
async function mapConcurrently<Item, Result>(
  items: Item[],
  concurrency: number,
  work: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as Item);
      }
    }),
  );
  return results;
}
