import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestContext, subscribeMember, type TestContext } from "./test-context.ts";

describe("API errors in Stripe's shape", () => {
  let context: TestContext;
  beforeEach(async () => {
    context = await startTestContext();
  });
  afterEach(() => context.close());

  it("answers an unknown id with 404 resource_missing", async () => {
    const error = await context.stripe.customers.retrieve("cus_doesnotexist").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      param: "id",
      message: "No such customer: 'cus_doesnotexist'",
    });
  });

  it("answers a request without an API key with 401, and a wrong key with StripeAuthenticationError", async () => {
    const response = await fetch(`${context.local.url}/v1/customers`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("You did not provide an API key");

    const wrongKey = new Stripe("sk_test_not_the_right_one", {
      ...context.local.stripeClientOptions,
      maxNetworkRetries: 0,
    });
    const error = await wrongKey.customers.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({ statusCode: 401, message: "Invalid API Key provided: sk_test_*************_one" });

    const basic = await fetch(`${context.local.url}/v1/customers`, {
      headers: { authorization: `Basic ${Buffer.from(`${context.local.secretKey}:`).toString("base64")}` },
    });
    expect(basic.status).toBe(200);
  });

  it("names the parameter at fault in a 400", async () => {
    const { stripe, local } = context;
    const { monthly } = local.seedPrices();
    const missing = await stripe.checkout.sessions
      .create({ mode: "subscription", line_items: [{ price: monthly.id, quantity: 1 }] })
      .catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ statusCode: 400, param: "success_url", code: "parameter_missing" });

    const unknownPrice = await stripe.checkout.sessions
      .create({
        mode: "subscription",
        line_items: [{ price: monthly.id }, { price: "price_nope", quantity: 1 }],
        success_url: "http://127.0.0.1:4321/welcome",
      })
      .catch((caught: unknown) => caught);
    expect(unknownPrice).toMatchObject({ statusCode: 400, param: "line_items[1][price]", code: "resource_missing" });

    const unknownParam = await stripe.customers
      .create({ email: "ruth@example.com", favourite_distance: "10k" } as Stripe.CustomerCreateParams)
      .catch((caught: unknown) => caught);
    expect(unknownParam).toMatchObject({ statusCode: 400, param: "favourite_distance", code: "parameter_unknown" });

    const badEnum = await stripe.prices
      .create({ currency: "usd", unit_amount: 100, product: "prod_x", recurring: { interval: "fortnight" as "week" } })
      .catch((caught: unknown) => caught);
    expect(badEnum).toMatchObject({ statusCode: 400, param: "recurring[interval]" });

    await stripe.customers.create({ email: "ruth@example.com" });
    const notExpandable = await stripe.customers.list({ expand: ["data.email"] }).catch((caught: unknown) => caught);
    expect(notExpandable).toMatchObject({ statusCode: 400, message: "This property cannot be expanded (data.email)." });
  });

  it("answers an unknown endpoint with 404", async () => {
    const response = await fetch(`${context.local.url}/v1/payouts`, {
      headers: { authorization: `Bearer ${context.local.secretKey}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("answers a declined invoice payment with a 402 card error", async () => {
    const { stripe, local } = context;
    const { customer } = await subscribeMember(context);
    local.setCardToFail(customer.id);
    local.advanceTime(32);
    const [invoice] = (await stripe.invoices.list({ customer: customer.id, status: "open" })).data;
    const error = await stripe.invoices.pay(invoice?.id ?? "").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({
      statusCode: 402,
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
    });
  });

  it("refuses requests beyond the rate limit with 429 and Stripe-Should-Retry", async () => {
    await context.close();
    const frozenWallClock = { now: () => new Date("2030-01-01T00:00:00.500Z") };
    context = await startTestContext({ rateLimitPerSecond: 2, wallClock: frozenWallClock });
    const { stripe, local } = context;
    await stripe.customers.list();
    await stripe.customers.list();
    const error = await stripe.customers.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error).toMatchObject({ statusCode: 429, code: "rate_limit" });
    const raw = await fetch(`${local.url}/v1/customers`, { headers: { authorization: `Bearer ${local.secretKey}` } });
    expect(raw.headers.get("stripe-should-retry")).toBe("true");
  });
});

describe("idempotent requests", () => {
  let context: TestContext;
  beforeEach(async () => {
    context = await startTestContext();
  });
  afterEach(() => context.close());

  it("replays the first response for the same key and parameters, creating one customer", async () => {
    const { stripe, local } = context;
    const params = { email: "ruth@example.com", metadata: { userId: "usr_42" } };
    const first = await stripe.customers.create(params, { idempotencyKey: "signup-usr_42" });
    const second = await stripe.customers.create(params, { idempotencyKey: "signup-usr_42" });
    expect(second.id).toBe(first.id);
    expect((await stripe.customers.list({ email: "ruth@example.com" })).data).toHaveLength(1);
    expect(local.events().filter((event) => event.type === "customer.created")).toHaveLength(1);

    const replayed = await fetch(`${local.url}/v1/customers`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${local.secretKey}`,
        "content-type": "application/x-www-form-urlencoded",
        "idempotency-key": "signup-usr_42",
      },
      // Same parameters, another order: still the same request.
      body: "metadata[userId]=usr_42&email=ruth%40example.com",
    });
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(((await replayed.json()) as { id: string }).id).toBe(first.id);
  });

  it("refuses the same key with different parameters", async () => {
    const { stripe } = context;
    await stripe.customers.create({ email: "ruth@example.com" }, { idempotencyKey: "signup-1" });
    const error = await stripe.customers
      .create({ email: "someone.else@example.com" }, { idempotencyKey: "signup-1" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400 });
    expect((error as Error).message).toContain("same parameters");
  });

  it("lets a request rejected by validation be retried with the same key", async () => {
    const { stripe, local } = context;
    const { monthly } = local.seedPrices();
    const params = { mode: "subscription" as const, line_items: [{ price: monthly.id, quantity: 1 }] };
    await expect(stripe.checkout.sessions.create(params, { idempotencyKey: "checkout-1" })).rejects.toMatchObject({
      statusCode: 400,
    });
    const fixed = await stripe.checkout.sessions.create(
      { ...params, success_url: "http://127.0.0.1:4321/welcome" },
      { idempotencyKey: "checkout-1" },
    );
    expect(fixed.status).toBe("open");
  });
});
