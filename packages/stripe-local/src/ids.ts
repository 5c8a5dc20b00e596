import { randomInt } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The prefixes Stripe gives its objects, so that ids read like the real ones in logs and URLs. */
export type IdPrefix =
  | "bps"
  | "ch"
  | "clock"
  | "cs_test"
  | "cus"
  | "evt"
  | "il"
  | "in"
  | "inpay"
  | "li"
  | "pi"
  | "pm"
  | "price"
  | "prod"
  | "re"
  | "req"
  | "si"
  | "sub";

/**
 * A random Stripe-style id: `cus_1QxL…` (24 base62 characters), or for Checkout Sessions the long
 * `cs_test_a1…` form, since some apps check the prefix to tell test mode from live mode.
 */
export function createId(prefix: IdPrefix): string {
  if (prefix === "cs_test") return `cs_test_a1${randomBase62(56)}`;
  return `${prefix}_1${randomBase62(23)}`;
}

/** An eight-character uppercase prefix, like Stripe's per-customer invoice number prefix. */
export function createInvoicePrefix(): string {
  let prefix = "";
  for (let index = 0; index < 8; index++) prefix += BASE62[10 + randomInt(26)];
  return prefix;
}

function randomBase62(length: number): string {
  let output = "";
  for (let index = 0; index < length; index++) output += BASE62[randomInt(62)];
  return output;
}
