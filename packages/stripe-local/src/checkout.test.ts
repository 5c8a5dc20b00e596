import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEST_CARDS } from "./cards.ts";
import { startTestContext, type TestContext, WEBHOOK_SECRET, waitForEventTypes } from "./test-context.ts";
import { payCheckout } from "./testing.ts";

describe("Checkout in subscription mode", () => {
  let context: TestContext;
  beforeEach(async () => {
    context = await startTestContext();
  });
  afterEach(() => context.close());

  async function createSession(overrides: { customer?: string; customer_email?: string } = {}) {
    const { monthly } = context.local.seedPrices({ productName: "Monthly membership" });
    return context.stripe.checkout.sessions.create({
      mode: "subscription",
      ...overrides,
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: "http://127.0.0.1:4321/welcome?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://127.0.0.1:4321/join",
      client_reference_id: "usr_42",
      metadata: { userId: "usr_42" },
      subscription_data: { metadata: { userId: "usr_42" } },
    });
  }

  it("turns a payment with 4242 into an active subscription, a paid invoice and signed webhooks", async () => {
    const { stripe, local, receiver } = context;
    const customer = await stripe.customers.create({ email: "ruth@example.com", metadata: { userId: "usr_42" } });
    const session = await createSession({ customer: customer.id });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({ status: "open", payment_status: "unpaid", customer: customer.id, livemode: false });
    expect(session.url).toBe(`${local.url}/checkout/${session.id}`);

    const page = await fetch(session.url ?? "");
    const pageHtml = await page.text();
    expect(page.status).toBe(200);
    expect(pageHtml).toContain("Subscribe to Monthly membership");
    expect(pageHtml).toContain("$29.00");
    expect(pageHtml).toContain('<label for="cardNumber">Card number</label>');
    expect(pageHtml).toContain('href="http://127.0.0.1:4321/join"');

    const payment = await payCheckout(session.url ?? "", { cardNumber: "4242 4242 4242 4242" });
    expect(payment.status).toBe(303);
    expect(payment.headers.get("location")).toBe(`http://127.0.0.1:4321/welcome?session_id=${session.id}`);

    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", customer: customer.id, url: null });
    const subscription = completed.subscription as unknown as Record<string, unknown> & {
      items: { data: { current_period_start: number; current_period_end: number; price: { id: string } }[] };
    };
    expect(subscription).toMatchObject({ object: "subscription", status: "active", customer: customer.id });
    expect(subscription.metadata).toEqual({ userId: "usr_42" });
    const [item] = subscription.items.data;
    const periodDays = ((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)) / 86_400;
    expect(periodDays).toBeGreaterThanOrEqual(28);
    expect(periodDays).toBeLessThanOrEqual(31);
    expect(subscription.current_period_end).toBe(item?.current_period_end);

    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data).toHaveLength(1);
    expect(invoices.data[0]).toMatchObject({
      status: "paid",
      amount_paid: 2900,
      billing_reason: "subscription_create",
      parent: { subscription_details: { subscription: subscription.id } },
    });

    await local.waitForDeliveries();
    const types = receiver.received.map((webhook) => webhook.event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "checkout.session.completed",
        "customer.subscription.created",
        "invoice.paid",
        "invoice.payment_succeeded",
      ]),
    );
    for (const webhook of receiver.received) {
      const event = stripe.webhooks.constructEvent(webhook.body, webhook.signature, WEBHOOK_SECRET);
      expect(event.id).toBe(webhook.event.id);
    }
    const completedEvent = receiver.received.find((webhook) => webhook.event.type === "checkout.session.completed");
    expect(completedEvent?.event.data.object).toMatchObject({
      id: session.id,
      client_reference_id: "usr_42",
      subscription: subscription.id,
      metadata: { userId: "usr_42" },
    });
  });

  it("shows Stripe's decline message for 4000 0000 0000 0002 and creates nothing, then accepts a good card", async () => {
    const { stripe, local } = context;
    const customer = await stripe.customers.create({ email: "ruth@example.com" });
    const session = await createSession({ customer: customer.id });

    const declined = await payCheckout(session.url ?? "", { cardNumber: TEST_CARDS.declined });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain(
      '<p class="alert" role="alert" id="form-error">Your card was declined.</p>',
    );
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toEqual([]);
    expect((await stripe.invoices.list({ customer: customer.id })).data).toEqual([]);
    expect(local.events().map((event) => event.type)).not.toContain("checkout.session.completed");

    const retried = await payCheckout(session.url ?? "", { cardNumber: TEST_CARDS.success });
    expect(retried.status).toBe(303);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("complete");

    // Pressing "Subscribe" again lands on the success page without paying twice.
    const again = await payCheckout(session.url ?? "", { cardNumber: TEST_CARDS.success });
    expect(again.headers.get("location")).toBe(retried.headers.get("location"));
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(1);
  });

  it("declines at checkout a card that can be saved but not charged", async () => {
    const session = await createSession({ customer_email: "ruth@example.com" });
    const response = await payCheckout(session.url ?? "", { cardNumber: TEST_CARDS.failsOnRenewal });
    expect(response.status).toBe(402);
    expect(await response.text()).toContain("Your card was declined.");
  });

  it("points at the field when the card form is incomplete", async () => {
    const session = await createSession({ customer_email: "ruth@example.com" });
    const response = await payCheckout(session.url ?? "", { cardNumber: "4242 4242 4242 4241" });
    const page = await response.text();
    expect(response.status).toBe(400);
    expect(page).toContain("Your card number is invalid.");
    expect(page).toMatch(/id="cardNumber"[^>]*aria-invalid="true" aria-describedby="form-error"/);
  });

  it("creates the customer from the email entered when the session has none", async () => {
    const { stripe } = context;
    const session = await createSession();
    const withoutEmail = await payCheckout(session.url ?? "");
    expect(withoutEmail.status).toBe(400);
    expect(await withoutEmail.text()).toContain("Enter your email address.");

    const paid = await payCheckout(session.url ?? "", { email: "new.member@example.com", name: "Nia Miles" });
    expect(paid.status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    const customers = await stripe.customers.list({ email: "new.member@example.com" });
    expect(customers.data).toHaveLength(1);
    expect(completed.customer).toBe(customers.data[0]?.id);
    expect(completed.customer_details).toMatchObject({ email: "new.member@example.com", name: "Nia Miles" });
  });

  it("expires an open session: the page says so and the session cannot be paid or expired again", async () => {
    const { stripe } = context;
    const session = await createSession({ customer_email: "ruth@example.com" });
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: "expired", url: null });

    const page = await fetch(session.url ?? "");
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("This checkout has expired");
    expect((await payCheckout(session.url ?? "")).status).toBe(409);
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400 });
    expect(await waitForEventTypes(context)).toContain("checkout.session.expired");
  });

  it("expires a session on its own once expires_at passes", async () => {
    const { stripe, local } = context;
    const { monthly } = local.seedPrices();
    const expiresAt = Math.floor(local.now().getTime() / 1000) + 3600;
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: "http://127.0.0.1:4321/welcome",
      expires_at: expiresAt,
    });
    expect(session.expires_at).toBe(expiresAt);
    local.advanceTime(new Date((expiresAt + 1) * 1000));
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
  });
});
