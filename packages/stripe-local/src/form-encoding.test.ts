import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StripeApiError } from "./errors.ts";
import { parseForm } from "./form-encoding.ts";
import { startTestContext, type TestContext } from "./test-context.ts";

describe("parseForm", () => {
  it("nests bracketed keys into objects and indexed keys into arrays", () => {
    expect(
      parseForm(
        "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price_2" +
          "&metadata[userId]=usr_42&subscription_data[metadata][plan]=monthly",
      ),
    ).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_1", quantity: "2" }, { price: "price_2" }],
      metadata: { userId: "usr_42" },
      subscription_data: { metadata: { plan: "monthly" } },
    });
  });

  it("appends [] values in order and sorts indexes numerically", () => {
    expect(parseForm("expand[]=subscription&expand[]=customer")).toEqual({ expand: ["subscription", "customer"] });
    expect(parseForm("items[10]=c&items[2]=b&items[0]=a")).toEqual({ items: ["a", "b", "c"] });
  });

  it("decodes percent-encoding, + as space, and encoded brackets", () => {
    expect(parseForm("metadata%5Bnote%5D=5k+%26+10k%3D%20fast&email=ruth%40example.com")).toEqual({
      metadata: { note: "5k & 10k= fast" },
      email: "ruth@example.com",
    });
  });

  it("keeps an empty value as the empty string, Stripe's way of unsetting", () => {
    expect(parseForm("pause_collection=&metadata[plan]=")).toEqual({ pause_collection: "", metadata: { plan: "" } });
  });

  it("refuses a key used both as a value and as a hash", () => {
    expect(() => parseForm("metadata=x&metadata[a]=b")).toThrow(StripeApiError);
    expect(() => parseForm("metadata[a]=b&metadata=x")).toThrow(StripeApiError);
  });

  it("treats __proto__ as an ordinary key", () => {
    const parsed = parseForm("metadata[__proto__]=x");
    expect(Object.keys(parsed.metadata ?? {})).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("nested parameters sent by the official SDK", () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await startTestContext();
  });
  afterAll(() => context.close());

  it("round-trips metadata with characters that need encoding, and unsets keys with an empty value", async () => {
    const { stripe } = context;
    const metadata = { note: "5k & 10k = [fast]", "goal[race]": "Berlin marathon", emoji: "🏃‍♀️ ü" };
    const customer = await stripe.customers.create({ email: "ruth+test@example.com", metadata });
    expect(customer.metadata).toEqual(metadata);
    expect(customer.email).toBe("ruth+test@example.com");
    const updated = await stripe.customers.update(customer.id, { metadata: { note: "", plan: "annual" } });
    expect(updated.metadata).toEqual({ "goal[race]": "Berlin marathon", emoji: "🏃‍♀️ ü", plan: "annual" });
    const cleared = await stripe.customers.update(customer.id, { metadata: "" });
    expect(cleared.metadata).toEqual({});
  });

  it("reads line items, subscription_data and expand[] on Checkout Sessions", async () => {
    const { stripe, local } = context;
    const { monthly } = local.seedPrices();
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "ruth@example.com",
      line_items: [{ price: monthly.id, quantity: 2 }],
      success_url: "http://127.0.0.1:4321/welcome?session_id={CHECKOUT_SESSION_ID}",
      subscription_data: { metadata: { userId: "usr_42" } },
      expand: ["line_items"],
    });
    expect(session.amount_total).toBe(5800);
    expect(session.line_items?.data.map((item) => [item.price?.id, item.quantity])).toEqual([[monthly.id, 2]]);
    expect(session.success_url).toBe("http://127.0.0.1:4321/welcome?session_id={CHECKOUT_SESSION_ID}");
  });

  it("filters prices by lookup_keys[] in the query string and expands nested ids", async () => {
    const { stripe, local } = context;
    local.seedPrices({ monthly: { unitAmount: 1500, lookupKey: "coached_monthly" } });
    const prices = await stripe.prices.list({
      lookup_keys: ["coached_monthly", "membership_annual"],
      expand: ["data.product"],
    });
    expect(prices.data.map((price) => price.lookup_key).sort()).toEqual(["coached_monthly", "membership_annual"]);
    expect(prices.data[0]?.product).toMatchObject({ object: "product", name: "Academy membership" });
    expect(prices.url).toBe("/v1/prices");
  });

  it("walks every page with the SDK's auto-pagination", async () => {
    const { stripe } = context;
    for (let index = 0; index < 5; index++) await stripe.customers.create({ email: `page-${index}@example.com` });
    const emails: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) emails.push(customer.email ?? "");
    expect(emails.filter((email) => email.startsWith("page-"))).toEqual([
      "page-4@example.com",
      "page-3@example.com",
      "page-2@example.com",
      "page-1@example.com",
      "page-0@example.com",
    ]);
  });
});
