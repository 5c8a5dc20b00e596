import { generateRandomString } from "@academy/auth";
import { type StripeLocal, startStripeLocal } from "@academy/stripe-local";
import Stripe from "stripe";
import type { Clock } from "../services.ts";

/** What the app needs from Stripe, real or local. */
export interface StripeBilling {
  stripe: Stripe;
  webhookSecret: string;
  /** The monthly membership price id. */
  monthlyPriceId: string;
  /** "stripe" with STRIPE_SECRET_KEY set; "local" for the in-process stand-in. */
  mode: "stripe" | "local";
  /** The stand-in, when it runs (tests advance its clock). */
  local: StripeLocal | undefined;
  close(): Promise<void>;
}

export interface StripeBillingOptions {
  secretKey: string | undefined;
  webhookSecret: string | undefined;
  /** A price id (price_…) or a lookup key. */
  monthlyPrice: string;
  /** Where stripe-local sends webhooks: this server's /api/billing/webhook. */
  webhookUrl: string;
  clock: Clock;
}

/**
 * Real Stripe when STRIPE_SECRET_KEY is set; otherwise stripe-local, started in this process with a
 * fresh webhook secret and the sample monthly and annual prices.
 */
export async function createStripeBilling(options: StripeBillingOptions): Promise<StripeBilling> {
  if (options.secretKey) {
    if (!options.webhookSecret) throw new Error("STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY.");
    const stripe = new Stripe(options.secretKey, { maxNetworkRetries: 2 });
    return {
      stripe,
      webhookSecret: options.webhookSecret,
      monthlyPriceId: await resolvePrice(stripe, options.monthlyPrice),
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

async function resolvePrice(stripe: Stripe, price: string): Promise<string> {
  if (price.startsWith("price_")) return price;
  const found = await stripe.prices.list({ lookup_keys: [price], limit: 1 });
  const id = found.data[0]?.id;
  if (!id) throw new Error(`No Stripe price has the lookup key "${price}". Set STRIPE_PRICE_MONTHLY to a price id.`);
  return id;
}
