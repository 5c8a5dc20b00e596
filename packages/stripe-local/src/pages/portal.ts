/**
 * The hosted customer portal (`portal_session.url`): the customer's membership with buttons to cancel at
 * the end of the period (and undo it), pause and resume payments, replace the card, see past invoices and
 * go back to the site. Each button is a small form, so it works without JavaScript; after an action the
 * page redirects back to itself (303) with a notice.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import {
  applyCancelAtPeriodEnd,
  applyPauseCollection,
  changeSubscription,
  processDueBilling,
  replaceDefaultCard,
} from "../billing.ts";
import { checkCardInput, DECLINE_MESSAGES } from "../cards.ts";
import type { Engine } from "../engine.ts";
import type { Customer, PortalSession, Subscription } from "../objects.ts";
import { listNewestFirst } from "../store.ts";
import {
  type CardFormValues,
  describeInterval,
  EMPTY_CARD_FORM,
  type FormError,
  formatDate,
  formatMoney,
  type Html,
  readCardForm,
  renderCardFields,
  renderErrorAlert,
  renderPage,
  renderTestCardHint,
} from "./layout.ts";

const NOTICES = {
  canceled: "Your membership will end at the end of the current billing period.",
  renewed: "Your membership will continue.",
  paused: "Payments are paused. You will not be charged until you resume them.",
  resumed: "Payments have resumed.",
  "card-updated": "Your card has been updated.",
  "card-updated-charge-failed": "Your card was saved, but charging it for the unpaid invoice failed. Try another card.",
} as const;

type Notice = keyof typeof NOTICES;
type SubscriptionAction = "cancel" | "renew" | "pause" | "resume";

export function createPortalPages(engine: Engine) {
  const findPortal = (id: string) => {
    const session = engine.store.portalSessions.get(id);
    const customer = session === undefined ? undefined : engine.store.customers.get(session.customer);
    return session === undefined || customer === undefined ? null : { session, customer };
  };

  return new Hono()
    .get("/:id", (c) => {
      const portal = findPortal(c.req.param("id"));
      if (portal === null) return c.html(renderMissingPortal(), 404);
      const noticeKey = c.req.query("notice");
      const notice = noticeKey !== undefined && Object.hasOwn(NOTICES, noticeKey) ? NOTICES[noticeKey as Notice] : null;
      return c.html(renderPortal(engine, portal.session, portal.customer, notice));
    })
    .post("/:id/subscriptions/:subscriptionId/:action", (c) => {
      const portal = findPortal(c.req.param("id"));
      const subscription = engine.store.subscriptions.get(c.req.param("subscriptionId"));
      const action = c.req.param("action");
      // The portal session is the customer's key: it opens only their own subscriptions.
      if (portal === null || subscription === undefined || subscription.customer !== portal.customer.id) {
        return c.html(renderMissingPortal(), 404);
      }
      if (!isSubscriptionAction(action) || subscription.status === "canceled") {
        return c.redirect(`/portal/${portal.session.id}`, 303);
      }
      const notice = runSubscriptionAction(engine, subscription, action);
      return c.redirect(`/portal/${portal.session.id}?notice=${notice}`, 303);
    })
    .get("/:id/payment-method", (c) => {
      const portal = findPortal(c.req.param("id"));
      if (portal === null) return c.html(renderMissingPortal(), 404);
      return c.html(renderCardPage(portal.session, EMPTY_CARD_FORM, null));
    })
    .post("/:id/payment-method", async (c) => {
      const portal = findPortal(c.req.param("id"));
      if (portal === null) return c.html(renderMissingPortal(), 404);
      const values = readCardForm(await c.req.parseBody());
      const check = checkCardInput(
        { number: values.cardNumber, expiry: values.cardExpiry, cvc: values.cardCvc, name: values.billingName },
        engine.clock.now(),
      );
      if (!check.ok) {
        return c.html(renderCardPage(portal.session, values, { field: check.field, message: check.message }), 400);
      }
      const decline = check.card.behavior.attachDecline;
      if (decline !== null) {
        return c.html(renderCardPage(portal.session, values, { field: null, message: DECLINE_MESSAGES[decline] }), 402);
      }
      const { failedCharge } = replaceDefaultCard(engine, portal.customer, check.card);
      const notice: Notice = failedCharge === null ? "card-updated" : "card-updated-charge-failed";
      return c.redirect(`/portal/${portal.session.id}?notice=${notice}`, 303);
    });
}

function isSubscriptionAction(action: string): action is SubscriptionAction {
  return action === "cancel" || action === "renew" || action === "pause" || action === "resume";
}

function runSubscriptionAction(engine: Engine, subscription: Subscription, action: SubscriptionAction): Notice {
  const at = engine.timeFor(subscription.test_clock);
  switch (action) {
    case "cancel":
      changeSubscription(engine, subscription, at, (draft) => applyCancelAtPeriodEnd(draft, true, at));
      return "canceled";
    case "renew":
      changeSubscription(engine, subscription, at, (draft) => applyCancelAtPeriodEnd(draft, false, at));
      return "renewed";
    case "pause":
      changeSubscription(engine, subscription, at, (draft) =>
        applyPauseCollection(draft, { behavior: "void", resumes_at: null }),
      );
      return "paused";
    case "resume":
      changeSubscription(engine, subscription, at, (draft) => applyPauseCollection(draft, null));
      // A retry that fell due while paused runs now rather than at the next request.
      processDueBilling(engine, subscription.test_clock);
      return "resumed";
  }
}

function renderPortal(engine: Engine, session: PortalSession, customer: Customer, notice: string | null): Html {
  const subscriptions = listNewestFirst(engine.store.subscriptions).filter(
    (subscription) => subscription.customer === customer.id && subscription.status !== "canceled",
  );
  const invoices = listNewestFirst(engine.store.invoices).filter((invoice) => invoice.customer === customer.id);
  const cardId = customer.invoice_settings.default_payment_method ?? subscriptions[0]?.default_payment_method ?? null;
  const card = cardId === null ? undefined : engine.store.paymentMethods.get(cardId)?.card;
  return renderPage(
    "Manage your membership",
    html`<h1>Manage your membership</h1>
      <p class="muted">${customer.email ?? ""}</p>
      ${notice === null ? html`` : html`<p class="notice" role="status">${notice}</p>`}
      <h2>Current plan</h2>
      ${
        subscriptions.length === 0
          ? html`<p>You have no active membership.</p>`
          : subscriptions.map((subscription) => renderSubscription(engine, session, subscription))
      }
      <h2>Payment method</h2>
      <div class="card">
        <p>
          ${
            card === undefined
              ? "No card on file."
              : `${capitalize(card.brand)} ending in ${card.last4}, expires ${String(card.exp_month).padStart(2, "0")}/${card.exp_year}`
          }
        </p>
        <a href="/portal/${session.id}/payment-method">Update card</a>
      </div>
      <h2>Invoice history</h2>
      ${
        invoices.length === 0
          ? html`<p>No invoices yet.</p>`
          : html`<table>
              <thead><tr><th scope="col">Date</th><th scope="col">Amount</th><th scope="col">Status</th></tr></thead>
              <tbody>
                ${invoices.map(
                  (invoice) =>
                    html`<tr><td>${formatDate(invoice.created)}</td><td>${formatMoney(invoice.total, invoice.currency)}</td><td>${capitalize(invoice.status)}</td></tr>`,
                )}
              </tbody>
            </table>`
      }
      ${session.return_url === null ? html`` : html`<p><a href="${session.return_url}">Return to ${new URL(session.return_url).host}</a></p>`}`,
  );
}

function renderSubscription(engine: Engine, session: PortalSession, subscription: Subscription): Html {
  const item = subscription.items.data[0];
  const name =
    item === undefined ? "Membership" : (engine.store.products.get(item.price.product)?.name ?? "Membership");
  const action = (verb: SubscriptionAction, label: string, secondary: boolean) =>
    html`<form method="post" class="inline" action="/portal/${session.id}/subscriptions/${subscription.id}/${verb}">
      <button type="submit" class="${secondary ? "secondary" : ""}">${label}</button>
    </form>`;
  const paused = subscription.pause_collection !== null;
  return html`<section class="card" aria-label="${name}">
    <p><strong>${name}</strong></p>
    ${item === undefined ? html`` : html`<p>${formatMoney(item.price.unit_amount * item.quantity, item.price.currency)} ${describeInterval(item.price)}</p>`}
    <p>${describeStatus(subscription)}</p>
    <div class="actions">
      ${
        subscription.cancel_at_period_end
          ? action("renew", "Don't cancel", false)
          : action("cancel", "Cancel membership", true)
      }
      ${paused ? action("resume", "Resume payments", false) : action("pause", "Pause payments", true)}
    </div>
  </section>`;
}

function describeStatus(subscription: Subscription): string {
  if (subscription.status === "past_due") return "Your last payment failed. Update your card to keep your membership.";
  if (subscription.status === "unpaid") {
    return "Your membership is on hold because payments failed. Update your card to restore it.";
  }
  if (subscription.cancel_at_period_end)
    return `Your membership ends on ${formatDate(subscription.current_period_end)}.`;
  if (subscription.pause_collection !== null)
    return "Payments are paused: your membership stays, and you are not charged.";
  return `Renews on ${formatDate(subscription.current_period_end)}.`;
}

function renderCardPage(session: PortalSession, values: CardFormValues, error: FormError | null): Html {
  return renderPage(
    "Update your card",
    html`<h1>Update your card</h1>
      ${renderErrorAlert(error)}
      <form method="post" class="submit" aria-label="New card">
        ${renderCardFields(values, error)}
        <button type="submit">Save card</button>
      </form>
      ${renderTestCardHint()}
      <p><a href="/portal/${session.id}">Back to your membership</a></p>`,
  );
}

function renderMissingPortal(): Html {
  return renderPage(
    "Portal link not valid",
    html`<h1>This link is not valid</h1>
      <p>Go back to the site and open the billing portal again.</p>`,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
