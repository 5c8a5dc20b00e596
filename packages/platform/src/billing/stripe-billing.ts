import { join } from "node:path";
import { generateRandomString } from "@academy/auth";
import { EnvError } from "@academy/config/env";
import { StateFolderLockedError, type StripeLocal, startStripeLocal } from "@academy/stripe-local";
import Stripe from "stripe";
import type { Logger } from "../logger.ts";
import type { Clock } from "../services.ts";
import { createMembershipPriceReader, type MembershipPriceReader } from "./membership-price.ts";

/** What the app needs from Stripe, real or local. */
export interface StripeBilling {
  stripe: Stripe;
  webhookSecret: string;
  /** The monthly membership price id. */
  monthlyPriceId: string;
  /** The monthly price's amount, currency and interval as Stripe has it, read at most every 10 minutes. */
  membershipPrice: MembershipPriceReader;
  /** "stripe" with STRIPE_SECRET_KEY set (Stripe, or a Stripe-compatible server); "local": the in-process stand-in. */
  mode: "stripe" | "local";
  /** The stand-in, when it runs (tests advance its clock). */
  local: StripeLocal | undefined;
  close(): Promise<void>;
}

export interface StripeBillingOptions {
  secretKey: string | undefined;
  webhookSecret: string | undefined;
  /**
   * The origin of a Stripe-compatible API to use instead of api.stripe.com (stripe-local in its own
   * process, stripe-mock, a proxy), e.g. `http://127.0.0.1:12111`; only with `secretKey`.
   */
  apiBase?: string | undefined;
  /** A price id (price_…) or a lookup key. */
  monthlyPrice: string;
  /** Where stripe-local sends webhooks: this server's /api/billing/webhook. */
  webhookUrl: string;
  clock: Clock;
  /**
   * Where the platform keeps its data, so that the in-process stripe-local keeps its customers and
   * subscriptions beside it and a restart finds what the database refers to (see `stripeLocalStatePath`).
   * Unset (tests): stripe-local's state lives in memory.
   */
  localState?: { dataDir: string; databaseUrl?: string | undefined } | undefined;
  /** Where a failed read of the membership price is reported (the page then shows no price); unset: nowhere. */
  logger?: Pick<Logger, "warn"> | undefined;
}

/**
 * Real Stripe when STRIPE_SECRET_KEY is set (at STRIPE_API_BASE when that is set too); otherwise
 * stripe-local, started in this process with a fresh webhook secret and the sample monthly and annual prices.
 */
export async function createStripeBilling(options: StripeBillingOptions): Promise<StripeBilling> {
  if (options.apiBase && !options.secretKey) {
    // Without a key the in-process stand-in would run, and the server named here would silently go unused.
    throw new EnvError(
      "Invalid environment variable STRIPE_SECRET_KEY: required with STRIPE_API_BASE, the sk_… key that server accepts (it is not set).",
    );
  }
  if (options.secretKey) {
    if (!options.webhookSecret) throw new Error("STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY.");
    const stripe = new Stripe(options.secretKey, {
      ...(options.apiBase ? toStripeClientOptions(options.apiBase) : {}),
      maxNetworkRetries: 2,
    });
    const monthlyPriceId = await resolvePrice(stripe, options.monthlyPrice).catch((error: unknown) => {
      if (options.apiBase && error instanceof Stripe.errors.StripeConnectionError) {
        throw new EnvError(
          `Invalid environment variable STRIPE_API_BASE: no Stripe-compatible API answers there (got "${options.apiBase}").`,
        );
      }
      throw error;
    });
    return {
      stripe,
      webhookSecret: options.webhookSecret,
      monthlyPriceId,
      membershipPrice: readPriceOf(stripe, monthlyPriceId, options.logger),
      mode: "stripe",
      local: undefined,
      close: async () => {},
    };
  }
  const webhookSecret = `whsec_${generateRandomString(24)}`;
  const statePath = options.localState ? stripeLocalStatePath(options.localState) : null;
  const local = await startStripeLocal({
    webhookSecret,
    webhookUrl: options.webhookUrl || null,
    clock: options.clock,
    statePath,
  }).catch((error: unknown) => {
    if (!(error instanceof StateFolderLockedError)) throw error;
    throw new Error(
      `${error.message} Several instances of the app cannot share the in-process stand-in: give them real Stripe ` +
        "(STRIPE_SECRET_KEY), or one stripe-local run on its own (node packages/stripe-local/src/cli.ts --state …) " +
        "that they all reach through STRIPE_API_BASE.",
      { cause: error },
    );
  });
  // Finds the prices a previous start made, on kept state.
  local.seedPrices();
  const stripe = new Stripe(local.secretKey, { ...local.stripeClientOptions, maxNetworkRetries: 2 });
  const monthlyPriceId = await resolvePrice(stripe, options.monthlyPrice);
  return {
    stripe,
    webhookSecret,
    monthlyPriceId,
    membershipPrice: readPriceOf(stripe, monthlyPriceId, options.logger),
    mode: "local",
    local,
    close: () => local.stop(),
  };
}

/**
 * The in-process stripe-local's state folder, beside the platform's data: `stripe-local/` in the PGlite
 * data folder; with PostgreSQL, `stripe-local-postgres/<host>-<port>-<database>/` in DATA_DIR, since a
 * Stripe account belongs with one database (a fresh test database starts from an empty account). One
 * process at a time: several instances need real Stripe or one standalone stripe-local (STRIPE_API_BASE).
 */
export function stripeLocalStatePath(options: { dataDir: string; databaseUrl?: string | undefined }): string {
  if (!options.databaseUrl) return join(options.dataDir, "stripe-local");
  const url = new URL(options.databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres";
  const name = [decodeURIComponent(url.hostname) || "localhost", url.port || "5432", database]
    .join("-")
    .replace(/[^A-Za-z0-9._-]/g, "_");
  return join(options.dataDir, "stripe-local-postgres", name);
}

/** `http://127.0.0.1:12111` as the SDK takes it: `{ host: "127.0.0.1", port: 12111, protocol: "http" }`. */
function toStripeClientOptions(apiBase: string): { host: string; port: number; protocol: "http" | "https" } {
  const url = new URL(apiBase);
  const protocol = url.protocol === "https:" ? "https" : "http";
  return {
    // An IPv6 literal comes bracketed in a URL, and bare in a socket address.
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : protocol === "https" ? 443 : 80,
    protocol,
  };
}

/**
 * A page view must not wait long for a price it can do without: this one call makes no retries and gives up
 * after 3 s (the SDK's default waits 80 s); checkout keeps the client's retries.
 */
function readPriceOf(stripe: Stripe, priceId: string, logger: Pick<Logger, "warn"> | undefined): MembershipPriceReader {
  return createMembershipPriceReader({
    priceId,
    retrieve: (id) => stripe.prices.retrieve(id, {}, { maxNetworkRetries: 0, timeout: 3_000 }),
    onError: (error) => logger?.warn({ err: error }, "reading the membership price from Stripe failed: no price shown"),
  });
}

async function resolvePrice(stripe: Stripe, price: string): Promise<string> {
  if (price.startsWith("price_")) return price;
  const found = await stripe.prices.list({ lookup_keys: [price], limit: 1 });
  const id = found.data[0]?.id;
  if (!id) throw new Error(`No Stripe price has the lookup key "${price}". Set STRIPE_PRICE_MONTHLY to a price id.`);
  return id;
}
