/**
 * The hosted invoice page (`invoice.hosted_invoice_url`, Stripe's `invoice.stripe.com/i/…`): the invoice as
 * a receipt the customer can open from an email, with its number, what it was for, the amount and whether
 * it was paid. Read-only; Stripe's page also lets an open invoice be paid, which the portal does here.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import type { Engine } from "../engine.ts";
import type { Invoice } from "../objects.ts";
import { formatDate, formatMoney, type Html, renderPage } from "./layout.ts";

export function createInvoicePages(engine: Engine) {
  return new Hono().get("/:id", (c) => {
    const invoice = engine.store.invoices.get(c.req.param("id"));
    // Drafts have no hosted page on Stripe either.
    if (invoice === undefined || invoice.status === "draft") {
      return c.html(
        renderPage("Invoice not found", html`<h1>Invoice not found</h1><p>This link is not valid.</p>`),
        404,
      );
    }
    return c.html(renderInvoice(invoice));
  });
}

function renderInvoice(invoice: Invoice): Html {
  const paidAt = invoice.status_transitions.paid_at;
  const title = invoice.status === "paid" ? `Receipt ${invoice.number}` : `Invoice ${invoice.number}`;
  return renderPage(
    title,
    html`<h1>${title}</h1>
      <div class="card">
        <p class="amount">${formatMoney(invoice.status === "paid" ? invoice.amount_paid : invoice.amount_due, invoice.currency)}</p>
        <p class="muted">
          ${invoice.status === "paid" && paidAt !== null ? `Paid on ${formatDate(paidAt)}` : `Status: ${invoice.status}`}
          ${invoice.customer_email === null ? "" : ` · ${invoice.customer_email}`}
        </p>
        <table>
          <tbody>
            ${invoice.lines.data.map(
              (line) =>
                html`<tr>
                  <td>${line.description}<br /><span class="muted hint">${formatDate(line.period.start)} – ${formatDate(line.period.end)}</span></td>
                  <td>${formatMoney(line.amount, line.currency)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
  );
}
