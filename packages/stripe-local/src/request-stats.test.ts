import { afterEach, describe, expect, it } from "vitest";
import { createRequestMeter, describeEndpoint } from "./request-stats.ts";
import { startTestContext, type TestContext } from "./test-context.ts";

describe("createRequestMeter", () => {
  it("reports totals and the busiest second per endpoint", () => {
    let now = 10_000;
    const meter = createRequestMeter({ nowMs: () => now, rateLimitPerSecond: null });
    for (const time of [10_100, 10_500, 10_900, 11_200, 12_000, 12_100]) {
      now = time;
      meter.record("POST /v1/checkout/sessions", true);
    }
    meter.record("GET /v1/prices", true);
    expect(meter.stats()).toEqual({
      "POST /v1/checkout/sessions": { total: 6, peakPerSecond: 3 },
      "GET /v1/prices": { total: 1, peakPerSecond: 1 },
    });
    meter.reset();
    expect(meter.stats()).toEqual({});
  });

  it("limits API requests over a sliding second and leaves pages alone", () => {
    let now = 0;
    const meter = createRequestMeter({ nowMs: () => now, rateLimitPerSecond: 2 });
    expect([meter.record("GET /v1/a", true), meter.record("GET /v1/a", true), meter.record("GET /v1/a", true)]).toEqual(
      [true, true, false],
    );
    expect(meter.record("GET /checkout/:id", false)).toBe(true);
    now = 1000;
    expect(meter.record("GET /v1/a", true)).toBe(true);
  });
});

describe("describeEndpoint", () => {
  it("groups requests for different objects under one endpoint", () => {
    expect(describeEndpoint("POST", "/v1/subscriptions/sub_1Nabcdefghijklmnopqrstuv")).toBe(
      "POST /v1/subscriptions/:id",
    );
    expect(describeEndpoint("GET", `/checkout/cs_test_a1${"x".repeat(56)}`)).toBe("GET /checkout/:id");
    expect(describeEndpoint("POST", "/v1/checkout/sessions")).toBe("POST /v1/checkout/sessions");
  });
});

describe("requestStats() through the SDK", () => {
  let context: TestContext | undefined;
  afterEach(() => context?.close());

  it("counts checkout-session creations by endpoint", async () => {
    context = await startTestContext({ wallClock: { now: () => new Date("2030-01-01T00:00:00.250Z") } });
    const { stripe, local } = context;
    const { monthly } = local.seedPrices();
    for (let index = 0; index < 3; index++) {
      await stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: monthly.id, quantity: 1 }],
        success_url: "http://127.0.0.1:4321/welcome",
      });
    }
    await stripe.prices.retrieve(monthly.id);
    expect(local.requestStats()).toEqual({
      "POST /v1/checkout/sessions": { total: 3, peakPerSecond: 3 },
      "GET /v1/prices/:id": { total: 1, peakPerSecond: 1 },
    });
  });
});
