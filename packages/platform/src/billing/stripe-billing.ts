import { generateRandomString } from "@academy/auth";
import { EnvError } from "@academy/config/env";
import { type StripeLocal, startStripeLocal } from "@academy/stripe-local";
import Stripe from "stripe";
import type { Clock } from "../services.ts";

/** What the app needs from Stripe, real or local. */
export interface StripeBilling {
  stripe: Stripe;
  webhookSecret: string;
  /** The monthly membership price id. */
  monthlyPriceId: string;
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
      mode: "stripe",
      local: undefined,
      close: async () => {},
    };
  }
  const webhookSecret = `whsec_${generateRandomString(24)}`;
  const local = await startStripeLocal({ webhookSecret, webhookUrl: options.webhookUrl || null, clock: options.clock });
  local.seedPrices();
  const stripe = new Stripe(local.secretKey, { ...local.stripeClientOptions, maxNetworkRetries: 2 });
  return {
    stripe,
    webhookSecret,
    monthlyPriceId: await resolvePrice(stripe, options.monthlyPrice),
    mode: "local",
    local,
    close: () => local.stop(),
  };
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

async function resolvePrice(stripe: Stripe, price: string): Promise<string> {
  if (price.startsWith("price_")) return price;
  const found = await stripe.prices.list({ lookup_keys: [price], limit: 1 });
  const id = found.data[0]?.id;
  if (!id) throw new Error(`No Stripe price has the lookup key "${price}". Set STRIPE_PRICE_MONTHLY to a price id.`);
  return id;
}
