/**
 * The hosted Checkout page (`session.url`): order summary and card form. Paying with a test card completes
 * the session and redirects (303) to `success_url` with `{CHECKOUT_SESSION_ID}` filled in; a declined card
 * shows Stripe's message and changes nothing.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { completeCheckout } from "../billing.ts";
import { checkCardInput } from "../cards.ts";
import type { Engine } from "../engine.ts";
import type { CheckoutSession } from "../objects.ts";
import {
  type CardFormValues,
  describeInterval,
  EMPTY_CARD_FORM,
  type FormError,
  formatMoney,
  type Html,
  readCardForm,
  renderCardFields,
  renderErrorAlert,
  renderPage,
  renderTestCardHint,
} from "./layout.ts";

interface CheckoutFormState {
  values: CardFormValues;
  email: string;
  error: FormError | null;
}

export function createCheckoutPages(engine: Engine) {
  return new Hono()
    .get("/:id", (c) => {
      const session = engine.store.checkoutSessions.get(c.req.param("id"));
      if (session === undefined) return c.html(renderMissingSession(), 404);
      if (session.status !== "open")
        return c.html(renderClosedSession(session), session.status === "expired" ? 410 : 200);
      return c.html(renderCheckout(engine, session, { values: EMPTY_CARD_FORM, email: "", error: null }));
    })
    .post("/:id", async (c) => {
      const session = engine.store.checkoutSessions.get(c.req.param("id"));
      if (session === undefined) return c.html(renderMissingSession(), 404);
      const body = await c.req.parseBody();
      // A second press of "Subscribe" after the first one went through lands where the first did.
      if (session.status === "complete") return c.redirect(findSuccessUrl(session), 303);
      if (session.status !== "open") return c.html(renderClosedSession(session), 409);
      const values = readCardForm(body);
      const email = typeof body.email === "string" ? body.email.trim() : "";
      const needsEmail = findPayerEmail(engine, session) === null;
      if (needsEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        const message = email === "" ? "Enter your email address." : "Your email address is invalid.";
        return c.html(renderCheckout(engine, session, { values, email, error: { field: "email", message } }), 400);
      }
      const check = checkCardInput(
        { number: values.cardNumber, expiry: values.cardExpiry, cvc: values.cardCvc, name: values.billingName },
        engine.clock.now(),
      );
      if (!check.ok) {
        const error = { field: check.field, message: check.message };
        return c.html(renderCheckout(engine, session, { values, email, error }), 400);
      }
      const outcome = completeCheckout(engine, session, {
        email: needsEmail ? email : findPayerEmail(engine, session),
        card: check.card,
      });
      if (!outcome.ok) {
        const error = { field: null, message: outcome.message };
        return c.html(renderCheckout(engine, session, { values, email, error }), 402);
      }
      return c.redirect(findSuccessUrl(session), 303);
    });
}

function findSuccessUrl(session: CheckoutSession): string {
  return session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id);
}

function findPayerEmail(engine: Engine, session: CheckoutSession): string | null {
  const customer = session.customer === null ? undefined : engine.store.customers.get(session.customer);
  return customer?.email ?? session.customer_email;
}

function renderCheckout(engine: Engine, session: CheckoutSession, state: CheckoutFormState): Html {
  const lineItems = engine.store.pendingSubscriptions.get(session.id)?.lineItems ?? [];
  const first = lineItems[0];
  const title = `Subscribe to ${first?.description ?? "membership"}`;
  const payerEmail = findPayerEmail(engine, session);
  const emailInvalid = state.error?.field === "email";
  return renderPage(
    title,
    html`<h1>${title}</h1>
      <section class="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading" style="margin-top:0">Order summary</h2>
        <p class="amount">${formatMoney(session.amount_total, session.currency)}</p>
        <p class="muted">${first === undefined ? "" : describeInterval(first.price)}</p>
        <ul>
          ${lineItems.map(
            (item) =>
              html`<li>${item.description}${item.quantity > 1 ? ` × ${item.quantity}` : ""}:
                ${formatMoney(item.amount_total, item.currency)} ${describeInterval(item.price)}</li>`,
          )}
        </ul>
      </section>
      ${renderErrorAlert(state.error)}
      <form method="post" class="submit" aria-label="Payment details">
        ${
          payerEmail === null
            ? html`<label for="email">Email</label>
                <input id="email" name="email" type="email" autocomplete="email" required value="${state.email}"
                  ${emailInvalid ? html`aria-invalid="true" aria-describedby="form-error"` : html``} />`
            : html`<p>Paying as <strong>${payerEmail}</strong></p>`
        }
        ${renderCardFields(state.values, state.error)}
        <button type="submit">Subscribe</button>
      </form>
      ${renderTestCardHint()}
      ${session.cancel_url === null ? html`` : html`<p><a href="${session.cancel_url}">Cancel and go back</a></p>`}`,
  );
}

function renderMissingSession(): Html {
  return renderPage(
    "Checkout not found",
    html`<h1>This checkout link is not valid</h1>
      <p>Go back to the site and start again.</p>`,
  );
}

function renderClosedSession(session: CheckoutSession): Html {
  if (session.status === "complete") {
    return renderPage(
      "Payment complete",
      html`<h1>You're all set</h1>
        <p>This checkout is already paid.</p>
        <p><a href="${findSuccessUrl(session)}">Continue</a></p>`,
    );
  }
  return renderPage(
    "Checkout expired",
    html`<h1>This checkout has expired</h1>
      <p>Go back to the site and start again.</p>
      ${session.cancel_url === null ? html`` : html`<p><a href="${session.cancel_url}">Go back</a></p>`}`,
  );
}
