/**
 * The membership's price as Stripe has it now (amount, currency, interval), for the sales page and the
 * course list. Read from Stripe at most once per `maxAgeMs` in this process: the price rarely changes, a
 * stale read only shows yesterday's price for a few minutes (checkout always charges Stripe's), and a page
 * view must not cost a Stripe call. When Stripe cannot be reached the reader answers `undefined` (the page
 * shows no price line) and asks again on the next call.
 *
 * @example
 * const price = await billing.membershipPrice.read(); // { unitAmount: 2900, currency: "usd", interval: "month", intervalCount: 1 }
 * if (price) formatMembershipPrice(price, "en-US"); // "$29 a month"
 */
import type Stripe from "stripe";

export interface MembershipPrice {
  /** In the currency's minor unit (cents), as Stripe gives it. */
  unitAmount: number;
  /** Lower-case ISO 4217, as Stripe gives it ("usd"). */
  currency: string;
  /** null for a one-off price. */
  interval: "day" | "week" | "month" | "year" | null;
  intervalCount: number;
}

export interface MembershipPriceReader {
  read(): Promise<MembershipPrice | undefined>;
}

/** Ten minutes: the coach changes a price rarely, and a page showing the old one briefly harms nobody. */
export const MEMBERSHIP_PRICE_MAX_AGE_MS = 10 * 60_000;

export interface MembershipPriceOptions {
  /** Fetches the price object; `(id) => stripe.prices.retrieve(id)` in production. */
  retrieve: (priceId: string) => Promise<Pick<Stripe.Price, "unit_amount" | "currency" | "recurring">>;
  priceId: string;
  maxAgeMs?: number;
  /** Milliseconds on a monotonic clock; tests pass their own. */
  now?: () => number;
  /** Where a failed read is reported (the platform's logger); unset: nowhere. */
  onError?: (error: unknown) => void;
}

export function createMembershipPriceReader(options: MembershipPriceOptions): MembershipPriceReader {
  const maxAgeMs = options.maxAgeMs ?? MEMBERSHIP_PRICE_MAX_AGE_MS;
  const now = options.now ?? (() => performance.now());
  const onError = options.onError ?? (() => {});
  // One read in flight at a time: a burst of page views right after the cache expires makes one Stripe call.
  let kept: { at: number; price: Promise<MembershipPrice | undefined> } | undefined;
  return {
    read() {
      if (kept && now() - kept.at < maxAgeMs) return kept.price;
      const read = { at: now(), price: fetchPrice() };
      kept = read;
      // A failed read is not kept: the next page view tries again.
      void read.price.then((price) => {
        if (price === undefined && kept === read) kept = undefined;
      });
      return read.price;
    },
  };

  async function fetchPrice(): Promise<MembershipPrice | undefined> {
    try {
      const price = await options.retrieve(options.priceId);
      // A price without a fixed amount (tiered, metered) has no single figure to show.
      if (price.unit_amount === null) return undefined;
      return {
        unitAmount: price.unit_amount,
        currency: price.currency,
        interval: toInterval(price.recurring?.interval),
        intervalCount: price.recurring?.interval_count ?? 1,
      };
    } catch (error) {
      onError(error);
      return undefined;
    }
  }
}

function toInterval(interval: string | undefined): MembershipPrice["interval"] {
  return interval !== undefined && Object.hasOwn(INTERVAL_WORDS, interval)
    ? (interval as NonNullable<MembershipPrice["interval"]>)
    : null;
}

const INTERVAL_WORDS: Record<NonNullable<MembershipPrice["interval"]>, [one: string, many: string]> = {
  day: ["day", "days"],
  week: ["week", "weeks"],
  month: ["month", "months"],
  year: ["year", "years"],
};

/**
 * "$29 a month", "€24.50 a month", "£290 every 12 months": the amount in the price's currency, written the
 * way `locale` writes money (whole amounts without ".00"), and how often it is charged.
 */
export function formatMembershipPrice(price: MembershipPrice, locale: string): string {
  const currency = price.currency.toUpperCase();
  const { maximumFractionDigits: digits = 2 } = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
  }).resolvedOptions();
  const amount = price.unitAmount / 10 ** digits;
  const money = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    ...(Number.isInteger(amount) ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
  }).format(amount);
  if (!price.interval) return money;
  const [one, many] = INTERVAL_WORDS[price.interval];
  return price.intervalCount === 1 ? `${money} a ${one}` : `${money} every ${price.intervalCount} ${many}`;
}
