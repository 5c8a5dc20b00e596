/**
 * Stripe's test card numbers and what each one does. Only these numbers are accepted: like Stripe in test
 * mode, any other number is declined, so nobody types a real card into a development site.
 */
import { StripeApiError } from "./errors.ts";

export type DeclineCode =
  | "card_declined"
  | "expired_card"
  | "incorrect_cvc"
  | "insufficient_funds"
  | "test_mode_live_card";

/** How a card behaves: when it is saved (attached) and each time it is charged. */
export interface CardBehavior {
  brand: string;
  funding: "credit" | "debit";
  /** Why saving the card fails, or null when it can be saved. */
  attachDecline: DeclineCode | null;
  /** Why charging the card fails, or null when charges succeed. */
  chargeDecline: DeclineCode | null;
}

export const TEST_CARDS = {
  /** Visa: every charge succeeds. */
  success: "4242424242424242",
  /** Mastercard: every charge succeeds. */
  successMastercard: "5555555555554444",
  /** Declined: generic decline, both at checkout and when saved in the portal. */
  declined: "4000000000000002",
  /** Declined for insufficient funds. */
  insufficientFunds: "4000000000009995",
  /** Saves fine, then every charge fails: use it to test failed renewals. */
  failsOnRenewal: "4000000000000341",
} as const;

const KNOWN_CARDS: Record<string, CardBehavior> = {
  [TEST_CARDS.success]: { brand: "visa", funding: "credit", attachDecline: null, chargeDecline: null },
  "4000056655665556": { brand: "visa", funding: "debit", attachDecline: null, chargeDecline: null },
  [TEST_CARDS.successMastercard]: { brand: "mastercard", funding: "credit", attachDecline: null, chargeDecline: null },
  "378282246310005": { brand: "amex", funding: "credit", attachDecline: null, chargeDecline: null },
  [TEST_CARDS.declined]: {
    brand: "visa",
    funding: "credit",
    attachDecline: "card_declined",
    chargeDecline: "card_declined",
  },
  [TEST_CARDS.insufficientFunds]: {
    brand: "visa",
    funding: "credit",
    attachDecline: "insufficient_funds",
    chargeDecline: "insufficient_funds",
  },
  "4000000000000069": {
    brand: "visa",
    funding: "credit",
    attachDecline: "expired_card",
    chargeDecline: "expired_card",
  },
  "4000000000000127": {
    brand: "visa",
    funding: "credit",
    attachDecline: "incorrect_cvc",
    chargeDecline: "incorrect_cvc",
  },
  [TEST_CARDS.failsOnRenewal]: {
    brand: "visa",
    funding: "credit",
    attachDecline: null,
    chargeDecline: "card_declined",
  },
};

/** The message a customer sees, in Stripe's words. */
export const DECLINE_MESSAGES: Record<DeclineCode, string> = {
  card_declined: "Your card was declined.",
  insufficient_funds: "Your card has insufficient funds.",
  expired_card: "Your card has expired.",
  incorrect_cvc: "Your card's security code is incorrect.",
  test_mode_live_card:
    "Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
};

export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

export interface ValidCard {
  number: string;
  last4: string;
  expMonth: number;
  expYear: number;
  name: string;
  behavior: CardBehavior;
}

export type CardField = "cardCvc" | "cardExpiry" | "cardNumber" | "billingName";

export type CardCheck = { ok: true; card: ValidCard } | { ok: false; field: CardField; message: string };

/**
 * Checks what a customer typed into a card form, with the messages Stripe's hosted forms show. A number that
 * is well formed but not a test card is accepted here and declined when used, as in Stripe's test mode.
 */
export function checkCardInput(input: CardInput, now: Date): CardCheck {
  const number = input.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number)) {
    return { ok: false, field: "cardNumber", message: "Your card number is incomplete." };
  }
  if (!passesLuhn(number)) return { ok: false, field: "cardNumber", message: "Your card number is invalid." };
  const expiry = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(input.expiry);
  const expMonth = Number(expiry?.[1]);
  if (!expiry || expMonth < 1 || expMonth > 12) {
    return { ok: false, field: "cardExpiry", message: "Your card's expiration date is incomplete." };
  }
  const yearText = expiry[2] ?? "";
  const expYear = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const isPast =
    expYear < now.getUTCFullYear() || (expYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1);
  if (isPast) return { ok: false, field: "cardExpiry", message: "Your card's expiration year is in the past." };
  if (!/^\d{3,4}$/.test(input.cvc.trim())) {
    return { ok: false, field: "cardCvc", message: "Your card's security code is incomplete." };
  }
  const name = input.name.trim();
  if (name === "") return { ok: false, field: "billingName", message: "Enter the name on your card." };
  return {
    ok: true,
    card: { number, last4: number.slice(-4), expMonth, expYear, name, behavior: describeCard(number) },
  };
}

/** The behaviour of a card number; numbers that are not Stripe test cards are always declined. */
export function describeCard(number: string): CardBehavior {
  return (
    KNOWN_CARDS[number] ?? {
      brand: "unknown",
      funding: "credit",
      attachDecline: "test_mode_live_card",
      chargeDecline: "test_mode_live_card",
    }
  );
}

function passesLuhn(number: string): boolean {
  let sum = 0;
  for (let index = 0; index < number.length; index++) {
    let digit = Number(number[number.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The 402 a declined charge through the API returns (Stripe's `card_error` with a decline code). */
export function createCardDeclinedError(decline: DeclineCode): StripeApiError {
  const code = decline === "expired_card" || decline === "incorrect_cvc" ? decline : "card_declined";
  const declineCode = decline === "card_declined" ? "generic_decline" : decline;
  return new StripeApiError({
    status: 402,
    type: "card_error",
    message: DECLINE_MESSAGES[decline],
    code,
    declineCode,
  });
}
