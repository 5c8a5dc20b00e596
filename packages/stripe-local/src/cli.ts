/**
 * Runs stripe-local on its own, for poking at it with curl or the Stripe CLI's habits, or for an app that
 * runs in another process.
 *
 * @example
 * node packages/stripe-local/src/cli.ts --port 12111 --state .data/stripe-local \
 *   --webhook-url http://127.0.0.1:4321/api/billing/webhook --webhook-secret whsec_local
 */
import { parseArgs } from "node:util";
import { startStripeLocal } from "./start.ts";
import { CorruptStateError, StateFolderLockedError } from "./state-journal.ts";
import type { WebhookDelivery, WebhookRetryPolicy } from "./webhooks.ts";

const USAGE = `Usage: node packages/stripe-local/src/cli.ts [options]

  --port <n>                port to listen on (default 12111; 0 picks a free one)
  --host <address>          interface to listen on (default 127.0.0.1)
  --state <folder>          keep the state in this folder across restarts and crashes
                            (default: in memory, gone when the process ends)
  --webhook-url <url>       where to POST events (default: record them only)
  --webhook-secret <s>      signing secret (default whsec_stripe_local)
  --webhook-attempts <n>    delivery attempts per event, the first included (default 5)
  --webhook-delay <ms>      delay before the first retry, doubling after each (default 500)
  --webhook-max-delay <ms>  longest delay between two attempts (default 30000)
  --log-deliveries          print one line per delivery attempt: event, attempt, status
  --secret-key <key>        the API key to accept (default sk_test_stripe_local)
  --no-seed                 do not create the default monthly and annual prices
  --currency <code>         currency of the seeded prices (default usd)
  --monthly <cents>         monthly price in minor units (default 2900)
  --annual <cents>          annual price in minor units (default 29000)
  --rate-limit <n>          refuse API requests beyond n per second with 429
  --chaos-duplicate <p>     probability (0-1) of delivering an event twice
  --chaos-reorder           shuffle deliveries of events created together
  --chaos-seed <n>          seed for the chaos choices
  --help                    show this text`;

function readNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) {
    console.error(`--${name} expects a number (got "${value}").`);
    process.exit(2);
  }
  return number;
}

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "12111" },
    host: { type: "string", default: "127.0.0.1" },
    state: { type: "string" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string", default: "whsec_stripe_local" },
    "webhook-attempts": { type: "string" },
    "webhook-delay": { type: "string" },
    "webhook-max-delay": { type: "string" },
    "log-deliveries": { type: "boolean", default: false },
    "secret-key": { type: "string" },
    seed: { type: "boolean", default: true },
    currency: { type: "string", default: "usd" },
    monthly: { type: "string" },
    annual: { type: "string" },
    "rate-limit": { type: "string" },
    "chaos-duplicate": { type: "string" },
    "chaos-reorder": { type: "boolean", default: false },
    "chaos-seed": { type: "string" },
    help: { type: "boolean", default: false },
  },
  strict: true,
  // Makes `--no-seed` turn `seed` off.
  allowNegative: true,
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const duplicate = readNumber("chaos-duplicate", values["chaos-duplicate"]);
const chaosSeed = readNumber("chaos-seed", values["chaos-seed"]);
const chaos =
  duplicate !== undefined || values["chaos-reorder"]
    ? {
        ...(duplicate === undefined ? {} : { duplicate }),
        reorder: values["chaos-reorder"],
        ...(chaosSeed === undefined ? {} : { seed: chaosSeed }),
      }
    : null;

const retry: Partial<WebhookRetryPolicy> = {};
const maxAttempts = readNumber("webhook-attempts", values["webhook-attempts"]);
const initialDelayMs = readNumber("webhook-delay", values["webhook-delay"]);
const maxDelayMs = readNumber("webhook-max-delay", values["webhook-max-delay"]);
if (maxAttempts !== undefined) retry.maxAttempts = maxAttempts;
if (initialDelayMs !== undefined) retry.initialDelayMs = initialDelayMs;
if (maxDelayMs !== undefined) retry.maxDelayMs = maxDelayMs;

const local = await startStripeLocal({
  port: readNumber("port", values.port) ?? 12111,
  hostname: values.host,
  webhookUrl: values["webhook-url"] ?? null,
  webhookSecret: values["webhook-secret"],
  webhookRetry: retry,
  ...(values["secret-key"] === undefined ? {} : { secretKey: values["secret-key"] }),
  rateLimitPerSecond: readNumber("rate-limit", values["rate-limit"]) ?? null,
  chaos,
  statePath: values.state ?? null,
}).catch((error: unknown) => {
  // A folder in use or damaged is the user's to sort out: one line that says which, not a stack trace.
  if (!(error instanceof StateFolderLockedError || error instanceof CorruptStateError)) throw error;
  console.error(error.message);
  process.exit(1);
});

console.log(`stripe-local listening on ${local.url}`);
console.log(`  secret key       ${local.secretKey}`);
console.log(`  SDK options      { host: "${local.stripeClientOptions.host}", port: ${local.port}, protocol: "http" }`);
console.log(`  webhooks         ${values["webhook-url"] ?? "(recorded, not sent: pass --webhook-url)"}`);
console.log(`  webhook secret   ${local.webhookSecret}`);
console.log(`  state            ${values.state ?? "(in memory: pass --state <folder> to keep it)"}`);
if (values.seed) {
  const monthlyAmount = readNumber("monthly", values.monthly);
  const annualAmount = readNumber("annual", values.annual);
  const { product, monthly, annual } = local.seedPrices({
    currency: values.currency,
    ...(monthlyAmount === undefined ? {} : { monthly: { unitAmount: monthlyAmount } }),
    ...(annualAmount === undefined ? {} : { annual: { unitAmount: annualAmount } }),
  });
  console.log(`  product          ${product.id} (${product.name})`);
  console.log(`  prices           ${monthly.lookup_key} ${monthly.id}, ${annual.lookup_key} ${annual.id}`);
}

// The dispatcher keeps a log rather than calling out, so the new entries are printed a moment later.
let printedDeliveries = 0;
const printNewDeliveries = () => {
  const deliveries = local.deliveries();
  for (const delivery of deliveries.slice(printedDeliveries)) console.log(describeDelivery(delivery));
  printedDeliveries = deliveries.length;
};
if (values["log-deliveries"]) setInterval(printNewDeliveries, 100).unref();

/** `webhook evt_… invoice.paid attempt 2: failed (HTTP 503)`, and ` copy 1` for a chaos duplicate. */
function describeDelivery(delivery: WebhookDelivery): string {
  const copy = delivery.copy > 0 ? ` copy ${delivery.copy}` : "";
  const outcome = delivery.ok ? `delivered (${delivery.status})` : `failed (${delivery.error})`;
  return `webhook ${delivery.eventId} ${delivery.eventType} attempt ${delivery.attempt}${copy}: ${outcome}`;
}

const shutDown = () => {
  if (values["log-deliveries"]) printNewDeliveries();
  local.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", shutDown);
process.once("SIGTERM", shutDown);
