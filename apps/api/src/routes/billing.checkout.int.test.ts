import {
  findCurrentSubscription,
  findEnrollmentState,
  findOpenCheckout,
  findStripeCustomerId,
} from "@academy/db/queries/billing";
import { createEnrollmentWindow, type EnrollmentWindowRow } from "@academy/db/queries/enrollment";
import { checkoutSessions, subscriptions, users } from "@academy/db/schema";
import { confirmCheckout, loadMembership, syncSubscription } from "@academy/platform/billing";
import { payCheckout } from "@academy/stripe-local/testing";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createTestApi,
  deliverNewWebhooks,
  OPEN_WINDOW,
  postJson,
  signIn,
  TEST_SITE_URL,
  type TestApi,
  withCookie,
} from "../testing.ts";

/** Checkouts after they close, and checkouts paid by someone who had no account when she opened them. */
describe("checkouts Stripe has closed, and checkouts paid without an account", () => {
  let api: TestApi;
  let window: EnrollmentWindowRow;
  const delivered = new Set<string>();

  beforeAll(async () => {
    api = await createTestApi();
    window = await createEnrollmentWindow(api.services.database.db, OPEN_WINDOW);
  });
  afterAll(() => api.close());
  afterEach(() => vi.restoreAllMocks());

  const db = () => api.services.database.db;
  const stripe = () => api.services.billing.stripe;

  /** Delivers every event not delivered yet, in order. */
  const deliverNew = () => deliverNewWebhooks(api, delivered);

  async function findUser(email: string) {
    const [user] = await db().select().from(users).where(eq(users.email, email));
    return user;
  }

  /** She signs in and enrolls: her checkout is opened for her account. */
  async function enroll(email: string): Promise<{ userId: string; checkoutUrl: string }> {
    const cookie = await signIn(api, email);
    const response = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    const { checkoutUrl } = await response.json();
    const user = await findUser(email);
    if (!user || typeof checkoutUrl !== "string") throw new Error(`no checkout for ${email}`);
    return { userId: user.id, checkoutUrl };
  }

  /** What enrolling finds for her in this window. */
  async function openCheckoutOf(userId: string, email: string) {
    const now = api.services.clock.now();
    const state = await findEnrollmentState(db(), { email, windowId: window.id, now });
    return { open: (await findOpenCheckout(db(), userId, window.id, now))?.url, state: state?.openCheckoutUrl };
  }

  function sessionIdOf(paid: Response): string {
    return new URL(paid.headers.get("location") ?? "", TEST_SITE_URL).searchParams.get("session_id") ?? "";
  }

  /** A checkout opened for a visitor who is not signed in: no customer, no account, her address prefilled. */
  async function openAnonymousCheckout(email: string): Promise<Stripe.Checkout.Session> {
    const metadata = { windowId: window.id, anonymous: "1" };
    return stripe().checkout.sessions.create({
      mode: "subscription",
      customer_email: email,
      line_items: [{ price: api.services.billing.monthlyPriceId, quantity: 1 }],
      success_url: `${TEST_SITE_URL}/enroll/welcome?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${TEST_SITE_URL}/enroll?cancelled=1`,
      metadata,
      subscription_data: { metadata },
    });
  }

  it("never hands out a checkout again once its checkout.session.completed webhook arrives", async () => {
    const email = "paid-once@example.com";
    const { userId, checkoutUrl } = await enroll(email);
    expect(await openCheckoutOf(userId, email)).toEqual({ open: checkoutUrl, state: checkoutUrl });
    await payCheckout(checkoutUrl);
    await deliverNew();
    expect(await openCheckoutOf(userId, email)).toEqual({ open: undefined, state: null });
    const [row] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.userId, userId));
    expect(row?.completedAt).toBeInstanceOf(Date);

    // She cancels; the paid checkout is still not hers to reuse.
    const subscription = await findCurrentSubscription(db(), userId);
    await stripe().subscriptions.cancel(subscription?.id ?? "");
    await deliverNew();
    expect(await openCheckoutOf(userId, email)).toEqual({ open: undefined, state: null });
    // Enrolling again the same day opens a new checkout: Stripe does not replay the paid one.
    const again = await enroll(email);
    expect(again.checkoutUrl).not.toBe(checkoutUrl);
    expect(await openCheckoutOf(userId, email)).toEqual({ open: again.checkoutUrl, state: again.checkoutUrl });
  });

  it("closes a paid checkout when she lands on the welcome page, before any webhook", async () => {
    const email = "welcome-first@example.com";
    const { userId, checkoutUrl } = await enroll(email);
    const paid = await payCheckout(checkoutUrl);
    expect(await confirmCheckout(api.services, sessionIdOf(paid))).toEqual({ state: "member", email });
    expect(await openCheckoutOf(userId, email)).toEqual({ open: undefined, state: null });
  });

  it("never hands out a checkout Stripe expired (checkout.session.expired)", async () => {
    const email = "expired@example.com";
    const { userId, checkoutUrl } = await enroll(email);
    const [row] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.userId, userId));
    await stripe().checkout.sessions.expire(row?.id ?? "");
    await deliverNew();
    expect(await openCheckoutOf(userId, email)).toEqual({ open: undefined, state: null });
    expect(checkoutUrl).toBe(row?.url);
    expect((await enroll(email)).checkoutUrl).not.toBe(checkoutUrl);
  });

  it("makes an anonymous checkout paid with 4242 an active member, her account created at payment", async () => {
    const session = await openAnonymousCheckout("New.Member@Example.com");
    expect(await findUser("new.member@example.com")).toBeUndefined();

    const paid = await payCheckout(session.url ?? "");
    expect(paid.status).toBe(303);
    await deliverNew();

    const user = await findUser("new.member@example.com");
    if (!user) throw new Error("no account was created at payment");
    expect(await loadMembership(db(), user.id, api.services.clock.now())).toMatchObject({
      member: true,
      state: "active",
    });
    const customerId = await findStripeCustomerId(db(), user.id);
    const customer = (await stripe().customers.retrieve(customerId ?? "")) as Stripe.Customer;
    expect(customer.metadata.userId).toBe(user.id);
    expect((await findCurrentSubscription(db(), user.id))?.windowId).toBe(window.id);
  });

  it("makes her a member on the welcome page when her anonymous checkout's webhooks have not arrived", async () => {
    const session = await openAnonymousCheckout("straight-back@example.com");
    const paid = await payCheckout(session.url ?? "");
    expect(await confirmCheckout(api.services, sessionIdOf(paid))).toEqual({
      state: "member",
      email: "straight-back@example.com",
    });
    const user = await findUser("straight-back@example.com");
    expect(user).toBeDefined();
    await deliverNew();
  });

  it("cancels and refunds a second paid checkout for a member's address, keeping her first membership", async () => {
    const warn = vi.spyOn(api.services.logger, "warn");
    const email = "twice@example.com";
    const { userId, checkoutUrl } = await enroll(email);
    await payCheckout(checkoutUrl);
    await deliverNew();
    const first = await findCurrentSubscription(db(), userId);

    // Signed out, she pays again with the same address.
    const session = await openAnonymousCheckout("Twice@Example.com");
    const paid = await payCheckout(session.url ?? "");
    await deliverNew();

    const second = (await stripe().checkout.sessions.retrieve(session.id)).subscription as string;
    expect(second).not.toBe(first?.id);
    expect((await stripe().subscriptions.retrieve(second)).status).toBe("canceled");
    expect((await stripe().subscriptions.retrieve(first?.id ?? "")).status).toBe("active");
    const [invoice] = (await stripe().invoices.list({ subscription: second })).data;
    const [payment] = (await stripe().invoicePayments.list({ invoice: invoice?.id ?? "" })).data;
    const refunds = await stripe().refunds.list({ payment_intent: String(payment?.payment.payment_intent) });
    expect(refunds.data.map(({ amount, reason }) => ({ amount, reason }))).toEqual([
      { amount: 2900, reason: "duplicate" },
    ]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ kept: first?.id, cancelled: second }),
      expect.stringContaining(`kept ${first?.id}, cancelled ${second}`),
    );

    expect(await loadMembership(db(), userId, api.services.clock.now())).toMatchObject({ member: true });
    expect((await findCurrentSubscription(db(), userId))?.id).toBe(first?.id);
    const rows = await db().select().from(subscriptions).where(eq(subscriptions.userId, userId));
    expect(rows.map(({ id, status }) => ({ id, status })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: first?.id, status: "active" },
        { id: second, status: "canceled" },
      ].sort((a, b) => String(a.id).localeCompare(String(b.id))),
    );
    // The welcome page tells her, and syncing again refunds nothing more.
    expect(await confirmCheckout(api.services, sessionIdOf(paid))).toEqual({ state: "already-member", email });
    const customerId = (await stripe().checkout.sessions.retrieve(session.id)).customer as string;
    await syncSubscription(db(), stripe(), customerId, api.services.clock.now());
    expect(
      (await stripe().refunds.list({ payment_intent: String(payment?.payment.payment_intent) })).data,
    ).toHaveLength(1);
  });

  it("refunds a second payment from a member whose membership is paused: she resumes the one she has", async () => {
    const email = "paused-twice@example.com";
    const { userId, checkoutUrl } = await enroll(email);
    await payCheckout(checkoutUrl);
    await deliverNew();
    const first = await findCurrentSubscription(db(), userId);
    await stripe().subscriptions.update(first?.id ?? "", { pause_collection: { behavior: "void" } });
    await deliverNew();

    const session = await openAnonymousCheckout(email);
    const paid = await payCheckout(session.url ?? "");
    // Straight back on the welcome page, before any webhook.
    expect(await confirmCheckout(api.services, sessionIdOf(paid))).toEqual({ state: "already-member", email });
    const second = (await stripe().checkout.sessions.retrieve(session.id)).subscription as string;
    expect((await stripe().subscriptions.retrieve(second)).status).toBe("canceled");
    expect((await stripe().subscriptions.retrieve(first?.id ?? "")).pause_collection).toMatchObject({
      behavior: "void",
    });
    await deliverNew();
    expect((await findCurrentSubscription(db(), userId))?.id).toBe(first?.id);
  });
});
