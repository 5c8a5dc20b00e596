import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { listOutbox } from "@academy/mail";
import { confirmCheckout, RETURN_SIGN_IN_MINUTES } from "@academy/platform/billing";
import { payCheckout } from "@academy/stripe-local/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const WELCOME_SUBJECT = "Welcome to Strong Stride Academy: you're a member";

/** Her return from a checkout that made her account: signed in there (once, soon, in that browser), and welcomed. */
describe("the buyer after checkout", () => {
  let api: TestApi;
  const delivered = new Set<string>();
  let minute = 0;

  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, OPEN_WINDOW);
  });
  afterAll(() => api.close());

  /** An anonymous enroll click from a fresh browser, a minute after the last (anonymous clicks are paced per network). */
  async function enrollAnonymously(email: string): Promise<{ checkoutUrl: string; pass: string }> {
    minute += 1;
    api.setNow(new Date(Date.parse("2026-06-01T09:00:00Z") + minute * 60_000));
    const response = await api.app.request(...postJson("/api/enroll", { email }));
    const { checkoutUrl } = await response.json();
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith("enroll-pass=")) ?? "";
    const pass = cookie.split(";")[0]?.slice("enroll-pass=".length) ?? "";
    if (typeof checkoutUrl !== "string" || !pass) throw new Error(`no anonymous checkout for ${email}`);
    return { checkoutUrl, pass };
  }

  /** She pays on Stripe's page and is sent back: the session id of her return. */
  async function pay(checkoutUrl: string, name?: string): Promise<string> {
    const paid = await payCheckout(checkoutUrl, name === undefined ? {} : { name });
    expect(paid.status).toBe(303);
    return new URL(paid.headers.get("location") ?? "", TEST_SITE_URL).searchParams.get("session_id") ?? "";
  }

  async function welcomesTo(email: string) {
    await api.services.welcomeEmails.flush();
    return (await listOutbox(api.services.database.db, { to: email, limit: 50 })).filter(
      (message) => message.subject === WELCOME_SUBJECT,
    );
  }

  async function accountBehind(token: string) {
    const response = await api.app.request(...withCookie(`session=${token}`, ["/api/account", {}]));
    return response.status === 200 ? ((await response.json()) as { user: { email: string } }).user.email : undefined;
  }

  it("signs her in on her return in the browser that paid, once, when the checkout created her account", async () => {
    const { checkoutUrl, pass } = await enrollAnonymously("new.runner@example.com");
    const sessionId = await pay(checkoutUrl);

    // Another browser with the same return address (a shared link, a screenshot) is not signed in.
    expect(await confirmCheckout(api.services, sessionId, {})).toEqual({
      state: "member",
      email: "new.runner@example.com",
    });
    const stranger = await enrollAnonymously("someone.else@example.com");
    const elsewhere = await confirmCheckout(api.services, sessionId, { enrollPass: stranger.pass });
    expect(elsewhere.signedIn).toBeUndefined();

    const back = await confirmCheckout(api.services, sessionId, { enrollPass: pass, userAgent: "Chromium test" });
    expect(back.state).toBe("member");
    expect(back.signedIn?.user.email).toBe("new.runner@example.com");
    expect(await accountBehind(back.signedIn?.token ?? "")).toBe("new.runner@example.com");

    // A reload, or a second tab, of the same return signs nobody in again.
    const again = await confirmCheckout(api.services, sessionId, { enrollPass: pass });
    expect(again).toEqual({ state: "member", email: "new.runner@example.com" });
  });

  it(`does not sign her in when she comes back more than ${RETURN_SIGN_IN_MINUTES} minutes after paying`, async () => {
    const { checkoutUrl, pass } = await enrollAnonymously("slow.return@example.com");
    const sessionId = await pay(checkoutUrl);
    // Her first return, late: what counts is when Stripe says she paid, not when we first heard of it.
    api.setNow(new Date(api.services.clock.now().getTime() + (RETURN_SIGN_IN_MINUTES + 1) * 60_000));
    const late = await confirmCheckout(api.services, sessionId, { enrollPass: pass });
    expect(late).toEqual({ state: "member", email: "slow.return@example.com" });
  });

  it("never signs anyone in to an account that had the address before the payment", async () => {
    // She has an account (signed in once, never paid); someone pays anonymously with her address.
    await signIn(api, "has.account@example.com");
    const { checkoutUrl, pass } = await enrollAnonymously("has.account@example.com");
    const sessionId = await pay(checkoutUrl);
    const back = await confirmCheckout(api.services, sessionId, { enrollPass: pass });
    expect(back).toEqual({ state: "member", email: "has.account@example.com" });
    expect(back.signedIn).toBeUndefined();
  });

  it("emails one welcome per new membership, with what to do first and Stripe's receipt", async () => {
    const { checkoutUrl, pass } = await enrollAnonymously("welcomed@example.com");
    const sessionId = await pay(checkoutUrl, "Nia Miles");
    await confirmCheckout(api.services, sessionId, { enrollPass: pass });
    await deliverNewWebhooks(api, delivered);
    await confirmCheckout(api.services, sessionId, { enrollPass: pass });

    const welcomes = await welcomesTo("welcomed@example.com");
    expect(welcomes).toHaveLength(1);
    const [welcome] = welcomes;
    expect(welcome?.text).toMatch(/^Hi Nia,\n\nWelcome to Strong Stride Academy/);
    expect(welcome?.text).toContain(`${TEST_SITE_URL}/dashboard`);
    expect(welcome?.text).toContain(`${TEST_SITE_URL}/dashboard#calendar`);
    const receiptUrl = /View your receipt: (\S+)/.exec(welcome?.text ?? "")?.[1] ?? "";
    const session = await api.services.billing.stripe.checkout.sessions.retrieve(sessionId);
    const invoice = await api.services.billing.stripe.invoices.retrieve(String(session.invoice));
    expect(receiptUrl).toBe(invoice.hosted_invoice_url);
    const receipt = await fetch(receiptUrl);
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain(`Receipt ${invoice.number}`);
  });

  it("sends no second welcome when a member pays again and that payment is refunded", async () => {
    const cookie = await signIn(api, "member.twice@example.com");
    const first = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    await pay((await first.json()).checkoutUrl);
    await deliverNewWebhooks(api, delivered);
    const [welcome, ...more] = await welcomesTo("member.twice@example.com");
    expect(more).toHaveLength(0);
    // Her Stripe customer was made before checkout, with no name: no greeting by name, and no bare "Hi,".
    expect(welcome?.text).toMatch(/^Hello,\n\nWelcome to Strong Stride Academy: your membership is active/);
    expect(welcome?.text).not.toMatch(/^Hi\b/m);

    const { checkoutUrl, pass } = await enrollAnonymously("member.twice@example.com");
    const sessionId = await pay(checkoutUrl);
    const back = await confirmCheckout(api.services, sessionId, { enrollPass: pass });
    expect(back).toEqual({ state: "already-member", email: "member.twice@example.com" });
    await deliverNewWebhooks(api, delivered);
    expect(await welcomesTo("member.twice@example.com")).toHaveLength(1);
  });
});
