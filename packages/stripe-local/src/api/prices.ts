import { Hono } from "hono";
import type { BillingInterval } from "../clock.ts";
import type { Engine } from "../engine.ts";
import { createInvalidRequestError, createMissingParamError, createResourceMissingError } from "../errors.ts";
import { diffPreviousAttributes } from "../events.ts";
import * as http from "../http.ts";
import { createId } from "../ids.ts";
import type { Price } from "../objects.ts";
import { applyMetadataUpdate } from "../params.ts";
import { listNewestFirst } from "../store.ts";
import { createProduct } from "./products.ts";

const INTERVALS = ["day", "week", "month", "year"] as const;
const MAX_LOOKUP_KEYS = 10;

export interface NewPriceParams {
  product: string;
  unitAmount: number;
  currency: string;
  recurring: { interval: BillingInterval; intervalCount: number } | null;
  lookupKey?: string | null;
  /** Move `lookupKey` from the price that has it to this one (Stripe's `transfer_lookup_key`). */
  transferLookupKey?: boolean;
  nickname?: string | null;
  metadata?: Record<string, string>;
}

export function createPrice(engine: Engine, params: NewPriceParams): Price {
  if (!engine.store.products.has(params.product))
    throw createResourceMissingError("product", params.product, "product");
  const lookupKey = params.lookupKey ?? null;
  if (lookupKey !== null) claimLookupKey(engine, lookupKey, params.transferLookupKey ?? false);
  const price: Price = {
    id: createId("price"),
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created: engine.clock.nowSeconds(),
    currency: params.currency.toLowerCase(),
    livemode: false,
    lookup_key: lookupKey,
    metadata: params.metadata ?? {},
    nickname: params.nickname ?? null,
    product: params.product,
    recurring:
      params.recurring === null
        ? null
        : {
            interval: params.recurring.interval,
            interval_count: params.recurring.intervalCount,
            meter: null,
            trial_period_days: null,
            usage_type: "licensed",
          },
    tax_behavior: "unspecified",
    type: params.recurring === null ? "one_time" : "recurring",
    unit_amount: params.unitAmount,
    unit_amount_decimal: String(params.unitAmount),
  };
  engine.store.prices.set(price.id, price);
  engine.emit("price.created", price);
  return price;
}

/** Lookup keys are unique per account: taking one that is in use needs `transfer_lookup_key`. */
function claimLookupKey(engine: Engine, lookupKey: string, transfer: boolean): void {
  for (const price of engine.store.prices.values()) {
    if (price.lookup_key !== lookupKey) continue;
    if (!transfer) {
      throw createInvalidRequestError(
        `A price (\`${price.id}\`) already uses that lookup key. To transfer it to this price, set \`transfer_lookup_key\` to true.`,
        "lookup_key",
      );
    }
    const before = structuredClone(price);
    price.lookup_key = null;
    engine.emit("price.updated", price, { previous: diffPreviousAttributes(before, price) });
  }
}

export function createPriceRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .post("/", (c) => {
      const params = http.readRequestParams(c);
      const unitAmount = params.integer("unit_amount", { min: 0 });
      if (unitAmount === undefined) throw createMissingParamError("unit_amount");
      const currency = params.requiredString("currency");
      if (!/^[a-zA-Z]{3}$/.test(currency)) throw createInvalidRequestError(`Invalid currency: ${currency}`, "currency");
      const productId = params.string("product");
      const productData = params.object("product_data");
      const productName = productData?.requiredString("name");
      productData?.ignore("active", "metadata", "statement_descriptor", "tax_code", "unit_label");
      if (productId === undefined && productName === undefined) throw createMissingParamError("product");
      const recurringParams = params.object("recurring");
      const interval = recurringParams?.oneOf("interval", INTERVALS);
      if (recurringParams !== undefined && interval === undefined) throw createMissingParamError("recurring[interval]");
      const intervalCount = recurringParams?.integer("interval_count", { min: 1, max: 12 }) ?? 1;
      recurringParams?.ignore("usage_type");
      const lookupKey = params.string("lookup_key", { maxLength: 200 }) ?? null;
      const transferLookupKey = params.boolean("transfer_lookup_key") ?? false;
      const nickname = params.string("nickname") ?? null;
      const metadata = applyMetadataUpdate({}, params.metadata());
      params.ignore("active", "billing_scheme", "tax_behavior");
      const expand = params.expand();
      params.finish();
      const product = productId ?? createProduct(engine, { name: productName ?? "" }).id;
      const price = createPrice(engine, {
        product,
        unitAmount,
        currency,
        recurring: interval === undefined ? null : { interval, intervalCount },
        lookupKey,
        transferLookupKey,
        nickname,
        metadata,
      });
      return http.respondWithObject(c, engine, price, expand);
    })
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const lookupKeys = params.stringList("lookup_keys");
      if (lookupKeys !== undefined && lookupKeys.length > MAX_LOOKUP_KEYS) {
        throw createInvalidRequestError(`You may pass at most ${MAX_LOOKUP_KEYS} lookup_keys.`, "lookup_keys");
      }
      const active = params.boolean("active");
      const product = params.string("product");
      const type = params.oneOf("type", ["one_time", "recurring"] as const);
      const currency = params.string("currency")?.toLowerCase();
      const prices = listNewestFirst(engine.store.prices).filter(
        (price) =>
          (lookupKeys === undefined || (price.lookup_key !== null && lookupKeys.includes(price.lookup_key))) &&
          (active === undefined || price.active === active) &&
          (product === undefined || price.product === product) &&
          (type === undefined || price.type === type) &&
          (currency === undefined || price.currency === currency),
      );
      return http.respondWithPage(c, engine, params, prices, "/v1/prices");
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.prices, "price"))
    .post("/:id", (c) => {
      const price = http.findOrThrow(engine.store.prices, c.req.param("id"), "price");
      const params = http.readRequestParams(c);
      const active = params.boolean("active");
      const hasLookupKey = params.has("lookup_key");
      const lookupKey = params.string("lookup_key", { maxLength: 200 }) ?? null;
      const transferLookupKey = params.boolean("transfer_lookup_key") ?? false;
      const nickname = params.has("nickname") ? (params.string("nickname") ?? null) : price.nickname;
      const metadata = params.metadata();
      const expand = params.expand();
      params.finish();
      if (hasLookupKey && lookupKey !== null && lookupKey !== price.lookup_key) {
        claimLookupKey(engine, lookupKey, transferLookupKey);
      }
      const before = structuredClone(price);
      price.active = active ?? price.active;
      if (hasLookupKey) price.lookup_key = lookupKey;
      price.nickname = nickname;
      price.metadata = applyMetadataUpdate(price.metadata, metadata);
      engine.emit("price.updated", price, { previous: diffPreviousAttributes(before, price) });
      return http.respondWithObject(c, engine, price, expand);
    });
}
