/**
 * The shell and shared parts of the hosted pages (Checkout and the customer portal): plain server-rendered
 * HTML that works without JavaScript, with labelled fields, one alert for errors and visible focus, so that
 * end-to-end tests can drive it the way a person would, by label and role.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { CardField } from "../cards.ts";
import type { Price } from "../objects.ts";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLES = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; }
body { margin: 0; background: #f6f8fa; color: #1a1f36; }
main { max-width: 30rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.125rem; margin: 2rem 0 0.5rem; }
.badge { display: inline-block; background: #ffde92; color: #5c3b00; font-size: 0.75rem; font-weight: 600;
  padding: 0.125rem 0.5rem; border-radius: 0.25rem; text-transform: uppercase; letter-spacing: 0.04em; }
.card { background: #fff; border: 1px solid #d5dbe1; border-radius: 0.5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
.amount { font-size: 2rem; font-weight: 700; margin: 0; }
.muted { color: #4f566b; }
label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
input { box-sizing: border-box; width: 100%; font: inherit; padding: 0.625rem 0.75rem; border: 1px solid #8792a2;
  border-radius: 0.375rem; background: #fff; color: inherit; }
input[aria-invalid="true"] { border-color: #c0123c; }
fieldset { border: 0; margin: 0; padding: 0; }
legend { font-weight: 600; margin-top: 1rem; }
.row { display: flex; gap: 0.75rem; }
.row > div { flex: 1; }
button { font: inherit; font-weight: 600; border: 0; border-radius: 0.375rem; padding: 0.75rem 1rem; cursor: pointer;
  background: #0a5ad4; color: #fff; }
button.secondary { background: #fff; color: #0a5ad4; border: 1px solid #0a5ad4; }
form.submit button { width: 100%; margin-top: 1.5rem; }
form.inline { display: inline; }
a { color: #0a5ad4; }
:focus-visible { outline: 3px solid #0a5ad4; outline-offset: 2px; }
.alert { background: #fde8ec; color: #8a0b2b; border: 1px solid #f0a3b4; border-radius: 0.375rem; padding: 0.75rem 1rem; }
.notice { background: #e3f6ea; color: #0d5c2e; border: 1px solid #9fd9b4; border-radius: 0.375rem; padding: 0.75rem 1rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 0.375rem 0.25rem; border-bottom: 1px solid #e3e8ee; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.75rem; }
.hint { font-size: 0.875rem; }
`;

export function renderPage(title: string, content: Html): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title}</title>
    <style>${raw(STYLES)}</style>
  </head>
  <body>
    <main>
      <span class="badge">Test mode · stripe-local</span>
      ${content}
    </main>
  </body>
</html>`;
}

const ZERO_DECIMAL_CURRENCIES = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

/** Formats Stripe's integer amounts (cents, or whole units for zero-decimal currencies like JPY). */
export function formatMoney(amount: number, currency: string): string {
  const units = ZERO_DECIMAL_CURRENCIES.has(currency) ? amount : amount / 100;
  return new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).format(units);
}

export function describeInterval(price: Price): string {
  const recurring = price.recurring;
  if (recurring === null) return "once";
  return recurring.interval_count === 1
    ? `per ${recurring.interval}`
    : `every ${recurring.interval_count} ${recurring.interval}s`;
}

export function formatDate(unixSeconds: number): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(new Date(unixSeconds * 1000));
}

export interface CardFormValues {
  cardNumber: string;
  cardExpiry: string;
  cardCvc: string;
  billingName: string;
}

export const EMPTY_CARD_FORM: CardFormValues = { cardNumber: "", cardExpiry: "", cardCvc: "", billingName: "" };

export interface FormError {
  /** The field at fault, or null for an error about the whole form (a declined card). */
  field: CardField | "email" | null;
  message: string;
}

export function renderErrorAlert(error: FormError | null): Html {
  return error === null ? html`` : html`<p class="alert" role="alert" id="form-error">${error.message}</p>`;
}

/** The card number, expiry, CVC and name fields, with the autocomplete hints browsers and password managers use. */
export function renderCardFields(values: CardFormValues, error: FormError | null): Html {
  const invalid = (field: CardField) =>
    error?.field === field ? html`aria-invalid="true" aria-describedby="form-error"` : html``;
  return html`<fieldset>
    <legend>Card information</legend>
    <label for="cardNumber">Card number</label>
    <input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"
      required value="${values.cardNumber}" ${invalid("cardNumber")} />
    <div class="row">
      <div>
        <label for="cardExpiry">Expiry date (MM / YY)</label>
        <input id="cardExpiry" name="cardExpiry" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"
          required value="${values.cardExpiry}" ${invalid("cardExpiry")} />
      </div>
      <div>
        <label for="cardCvc">Security code (CVC)</label>
        <input id="cardCvc" name="cardCvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"
          required value="${values.cardCvc}" ${invalid("cardCvc")} />
      </div>
    </div>
  </fieldset>
  <label for="billingName">Name on card</label>
  <input id="billingName" name="billingName" autocomplete="cc-name" required value="${values.billingName}"
    ${invalid("billingName")} />`;
}

export function renderTestCardHint(): Html {
  return html`<p class="hint muted">
    Test cards: <strong>4242 4242 4242 4242</strong> pays; <strong>4000 0000 0000 0002</strong> is declined;
    <strong>4000 0000 0000 0341</strong> can be saved but fails when charged. Any future expiry, any CVC.
  </p>`;
}

/** Reads the card fields of a submitted form, as strings (missing fields are empty). */
export function readCardForm(body: Record<string, unknown>): CardFormValues {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  return {
    cardNumber: text("cardNumber"),
    cardExpiry: text("cardExpiry"),
    cardCvc: text("cardCvc"),
    billingName: text("billingName"),
  };
}
