import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestContext, subscribeMember, type TestContext, waitForEventTypes } from "./test-context.ts";

describe("payments and refunds", () => {
  let context: TestContext;
  beforeEach(async () => {
    context = await startTestContext();
  });
  afterEach(() => context.close());

  /** The PaymentIntent that paid the subscription's latest invoice, found as the current API finds it. */
  async function findPayment(subscription: Stripe.Subscription) {
    const invoiceId = String(subscription.latest_invoice);
    const payments = await context.stripe.invoicePayments.list({ invoice: invoiceId, status: "paid" });
    expect(payments.data).toHaveLength(1);
    const paymentIntent = String(payments.data[0]?.payment.payment_intent);
    return { invoiceId, payment: payments.data[0], paymentIntent };
  }

  it("leaves a PaymentIntent and a charge behind a paid first invoice, linked through invoice_payments", async () => {
    const { stripe } = context;
    const { customer, subscription } = await subscribeMember(context);
    const { invoiceId, payment, paymentIntent } = await findPayment(subscription);
    expect(payment).toMatchObject({
      object: "invoice_payment",
      invoice: invoiceId,
      amount_paid: 2900,
      status: "paid",
      payment: { type: "payment_intent" },
    });
    const intent = await stripe.paymentIntents.retrieve(paymentIntent);
    expect(intent).toMatchObject({ status: "succeeded", amount: 2900, amount_received: 2900, customer: customer.id });
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ paid: true, amount: 2900, amount_refunded: 0, refunded: false });
  });

  it("refunds by payment_intent or by charge, once: the second refund of a refunded charge is refused", async () => {
    const { stripe } = context;
    const { subscription } = await subscribeMember(context);
    const { paymentIntent } = await findPayment(subscription);

    const refund = await stripe.refunds.create({ payment_intent: paymentIntent, reason: "duplicate" });
    expect(refund).toMatchObject({
      object: "refund",
      amount: 2900,
      status: "succeeded",
      reason: "duplicate",
      payment_intent: paymentIntent,
    });
    const charge = await stripe.charges.retrieve(String(refund.charge));
    expect(charge).toMatchObject({ amount_refunded: 2900, refunded: true });
    expect((await stripe.refunds.list({ payment_intent: paymentIntent })).data.map((item) => item.id)).toEqual([
      refund.id,
    ]);

    const again = await stripe.refunds.create({ charge: charge.id }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((again as Stripe.errors.StripeInvalidRequestError).code).toBe("charge_already_refunded");

    const types = await waitForEventTypes(context);
    expect(types).toEqual(expect.arrayContaining(["refund.created", "charge.refunded"]));
  });

  it("refunds part of a charge, and refuses more than is left or a refund that names nothing", async () => {
    const { stripe } = context;
    const { subscription } = await subscribeMember(context);
    const { paymentIntent } = await findPayment(subscription);
    const intent = await stripe.paymentIntents.retrieve(paymentIntent);
    const chargeId = String(intent.latest_charge);

    await stripe.refunds.create({ charge: chargeId, amount: 900 });
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ amount_refunded: 900, refunded: false });
    const tooMuch = await stripe.refunds
      .create({ payment_intent: paymentIntent, amount: 2001 })
      .catch((error: unknown) => error);
    expect((tooMuch as Stripe.errors.StripeInvalidRequestError).code).toBe("amount_too_large");
    const rest = await stripe.refunds.create({ payment_intent: paymentIntent });
    expect(rest.amount).toBe(2000);

    const nothing = await stripe.refunds.create({}).catch((error: unknown) => error);
    expect(nothing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const unknown = await stripe.refunds.create({ payment_intent: "pi_missing" }).catch((error: unknown) => error);
    expect((unknown as Stripe.errors.StripeInvalidRequestError).code).toBe("resource_missing");
  });

  it("dates a failed renewal by its invoice: finalized (and first attempted) when the period ended", async () => {
    const { stripe, local } = context;
    const { customer, subscription } = await subscribeMember(context);
    local.setCardToFail(customer.id);
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;

    // Much later than the failure, as a webhook delivered days late would look at it.
    local.advanceTime(new Date((periodEnd + 2 * 86_400) * 1000));
    const pastDue = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(pastDue.status).toBe("past_due");
    const invoice = pastDue.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: "open", attempt_count: 1 });
    expect(invoice.status_transitions.finalized_at).toBe(periodEnd);
    expect((await stripe.invoicePayments.list({ invoice: invoice.id })).data).toEqual([]);
  });
});
