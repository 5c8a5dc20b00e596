import { describe, expect, it } from "vitest";
import { createMembershipPriceReader, formatMembershipPrice, type MembershipPrice } from "./membership-price.ts";
import { createStripeBilling } from "./stripe-billing.ts";

const monthly: MembershipPrice = { unitAmount: 2900, currency: "usd", interval: "month", intervalCount: 1 };

describe("formatMembershipPrice", () => {
  it("writes a whole amount without cents, in the locale's way, with how often it is charged", () => {
    expect(formatMembershipPrice(monthly, "en-US")).toBe("$29 a month");
    expect(formatMembershipPrice({ ...monthly, currency: "gbp", interval: "year" }, "en-GB")).toBe("£29 a year");
  });

  it("keeps the cents of an amount that has them, and reads zero-decimal currencies as whole units", () => {
    expect(formatMembershipPrice({ ...monthly, unitAmount: 2450, currency: "eur" }, "en-IE")).toBe("€24.50 a month");
    expect(formatMembershipPrice({ ...monthly, unitAmount: 3500, currency: "jpy" }, "en-US")).toBe("¥3,500 a month");
  });

  it("names the count of a longer interval, and no interval for a one-off price", () => {
    expect(formatMembershipPrice({ ...monthly, intervalCount: 3 }, "en-US")).toBe("$29 every 3 months");
    expect(formatMembershipPrice({ ...monthly, interval: null }, "en-US")).toBe("$29");
  });
});

describe("createMembershipPriceReader", () => {
  function setUp(maxAgeMs = 600_000) {
    let time = 0;
    let calls = 0;
    let failing = false;
    const errors: unknown[] = [];
    const reader = createMembershipPriceReader({
      priceId: "price_monthly",
      maxAgeMs,
      now: () => time,
      onError: (error) => errors.push(error),
      retrieve: async (id) => {
        calls += 1;
        expect(id).toBe("price_monthly");
        if (failing) throw new Error("connect ECONNREFUSED");
        return {
          unit_amount: 2900 + calls,
          currency: "usd",
          recurring: { interval: "month", interval_count: 1 },
        } as never;
      },
    });
    return {
      reader,
      errors,
      calls: () => calls,
      advance: (ms: number) => {
        time += ms;
      },
      fail: (value: boolean) => {
        failing = value;
      },
    };
  }

  it("asks Stripe once for a burst of page views, and again once the kept price is older than its bound", async () => {
    const stripe = setUp();
    const burst = await Promise.all([stripe.reader.read(), stripe.reader.read(), stripe.reader.read()]);
    expect(burst.map((price) => price?.unitAmount)).toEqual([2901, 2901, 2901]);
    stripe.advance(599_999);
    expect((await stripe.reader.read())?.unitAmount).toBe(2901);
    expect(stripe.calls()).toBe(1);
    stripe.advance(1);
    expect(await stripe.reader.read()).toEqual({
      unitAmount: 2902,
      currency: "usd",
      interval: "month",
      intervalCount: 1,
    });
    expect(stripe.calls()).toBe(2);
  });

  it("answers no price while Stripe is unreachable, reports it, and does not keep the failure", async () => {
    const stripe = setUp();
    stripe.fail(true);
    expect(await stripe.reader.read()).toBeUndefined();
    expect(stripe.errors).toHaveLength(1);
    stripe.fail(false);
    expect((await stripe.reader.read())?.unitAmount).toBe(2902);
    expect(stripe.calls()).toBe(2);
  });
});

describe("the membership price from Stripe (stripe-local)", () => {
  it("is the monthly price's amount, currency and interval, and no price once Stripe is gone", async () => {
    const billing = await createStripeBilling({
      secretKey: undefined,
      webhookSecret: undefined,
      monthlyPrice: "membership_monthly",
      webhookUrl: "",
      clock: { now: () => new Date() },
    });
    try {
      expect(await billing.membershipPrice.read()).toEqual({
        unitAmount: 2900,
        currency: "usd",
        interval: "month",
        intervalCount: 1,
      });
      // The coach's own price, in her currency: what Stripe says is what the page shows.
      const { id: product } = await billing.stripe.products.create({ name: "Membership" });
      const { id: priceId } = await billing.stripe.prices.create({
        product,
        currency: "eur",
        unit_amount: 2450,
        recurring: { interval: "month" },
      });
      const reader = createMembershipPriceReader({ priceId, retrieve: (id) => billing.stripe.prices.retrieve(id) });
      const price = await reader.read();
      expect(price && formatMembershipPrice(price, "en-IE")).toBe("€24.50 a month");
    } finally {
      await billing.close();
    }
    const errors: unknown[] = [];
    const unreachable = createMembershipPriceReader({
      priceId: billing.monthlyPriceId,
      retrieve: (id) => billing.stripe.prices.retrieve(id, {}, { maxNetworkRetries: 0, timeout: 2_000 }),
      onError: (error) => errors.push(error),
    });
    expect(await unreachable.read()).toBeUndefined();
    expect(errors).toHaveLength(1);
  });
});
