import { findCurrentSubscription } from "@academy/db/queries/billing";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { users } from "@academy/db/schema";
import { loadMemberDetail } from "@academy/platform/admin";
import { loadMembership } from "@academy/platform/billing";
import { payCheckout } from "@academy/stripe-local/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  deliverNewWebhooks,
  OPEN_WINDOW,
  pageMessageFrom,
  postForm,
  postJson,
  signIn,
  TEST_ADMIN_EMAIL,
  TEST_SITE_URL,
  type TestApi,
  withCookie,
} from "../testing.ts";

const DAY_SECONDS = 86_400;

describe("the coach's actions on a member", () => {
  let api: TestApi;
  let coach: string;
  let member: string;
  let memberId: string;
  const delivered = new Set<string>();

  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, OPEN_WINDOW);
    member = await signIn(api, "runner@example.com");
    const response = await api.app.request(...withCookie(member, postJson("/api/enroll", {})));
    const { checkoutUrl } = await response.json();
    expect((await payCheckout(checkoutUrl)).status).toBe(303);
    await deliverNewWebhooks(api, delivered);
    const [user] = await api.services.database.db.select().from(users).where(eq(users.email, "runner@example.com"));
    memberId = user?.id ?? "";
    coach = await signIn(api, TEST_ADMIN_EMAIL);
  });
  afterAll(() => api.close());

  const stripe = () => api.services.billing.stripe;
  const post = (cookie: string, action: string, fields: Record<string, string>) =>
    api.app.request(...withCookie(cookie, postForm(`/api/admin/members/${memberId}/${action}`, fields)));

  it("keeps her payment on our side: her invoice and lifetime value without asking Stripe", async () => {
    const detail = await loadMemberDetail(api.services, memberId);
    expect(detail?.invoices).toMatchObject([{ status: "paid", amountPaid: 2900, currency: "usd" }]);
    expect(detail?.lifetimeValue).toBe(2900);
    expect(detail?.current).toMatchObject({ monthlyAmount: 2900, currency: "usd" });
  });

  it("lets only the coach act, and only from the site", async () => {
    const asMember = await post(member, "extend", { requestKey: "member-try-1", days: "30" });
    expect(asMember.status).toBe(403);
    expect((await asMember.json()).error.message).toBe("Only the coach's account can do this.");
    const crossSite = await api.app.request(`/api/admin/members/${memberId}/free`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example", cookie: coach },
      body: new URLSearchParams({ requestKey: "cross-site-1" }).toString(),
    });
    expect(crossSite.status).toBe(403);
    expect((await loadMemberDetail(api.services, memberId))?.actions).toEqual([]);
  });

  it("says what is wrong with a bad request", async () => {
    const noDays = await api.app.request(
      ...withCookie(coach, postJson(`/api/admin/members/${memberId}/extend`, { requestKey: "bad-days-1", days: 0 })),
    );
    expect(noDays.status).toBe(422);
    expect((await noDays.json()).error.message).toBe("Extend by at least 1 day.");
    const unconfirmed = await post(coach, "refund", { requestKey: "no-confirm-1" });
    expect(pageMessageFrom(api, unconfirmed)).toBe("Tick the box to confirm the refund.");
    const nobody = await api.app.request(
      ...withCookie(coach, postJson("/api/admin/members/usr_nobody/free", { requestKey: "nobody-1" })),
    );
    expect(nobody.status).toBe(404);
  });

  it("refunds her last payment once, however often the form is sent", async () => {
    const fields = { requestKey: "refund-click-1", confirm: "yes" };
    const [first, second] = [await post(coach, "refund", fields), await post(coach, "refund", fields)];
    expect(pageMessageFrom(api, first, "notice")).toBe("Refunded 29.00 USD (succeeded).");
    expect(second.status).toBe(303);
    // Another submission (a second tab): refused, nothing refunded again.
    const third = await api.app.request(
      ...withCookie(
        coach,
        postJson(`/api/admin/members/${memberId}/refund`, { requestKey: "refund-tab-2", confirm: "yes" }),
      ),
    );
    expect(third.status).toBe(409);
    expect((await third.json()).error.code).toBe("already_refunded");

    const detail = await loadMemberDetail(api.services, memberId);
    const last = detail?.lastPaidInvoice;
    if (!last) throw new Error("no paid invoice");
    const payments = await stripe().invoicePayments.list({ invoice: last.id });
    const paymentIntent = payments.data[0]?.payment.payment_intent;
    const refunds = await stripe().refunds.list({ payment_intent: String(paymentIntent) });
    expect(refunds.data.map((refund) => refund.amount)).toEqual([2900]);
    expect(detail?.lifetimeValue).toBe(0);
    expect(detail?.actions.filter((action) => action.kind === "refund").map((action) => action.status)).toEqual([
      "failed",
      "done",
    ]);
  });

  it("gives a free membership from the member page's form", async () => {
    const response = await post(coach, "free", { requestKey: "free-click-1", until: "", note: "Ambassador" });
    expect(pageMessageFrom(api, response, "notice")).toBe("Free membership given, with no end date.");
    const detail = await loadMemberDetail(api.services, memberId);
    expect(detail?.grants).toMatchObject([{ grantedBy: TEST_ADMIN_EMAIL, endsAt: null, note: "Ambassador" }]);
    expect(new URL(response.headers.get("location") ?? "", TEST_SITE_URL).pathname).toBe(`/admin/members/${memberId}`);
  });

  // Last: it moves the clock on by a month.
  it("extends a paying member: Stripe's next charge moves back by the days asked, once per submission", async () => {
    const before = await findCurrentSubscription(api.services.database.db, memberId);
    if (!before) throw new Error("no subscription");
    const periodEnd = (await stripe().subscriptions.retrieve(before.id)).items.data[0]?.current_period_end ?? 0;

    const first = await post(coach, "extend", { requestKey: "extend-click-1", days: "10" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toMatch(new RegExp(`^/admin/members/${memberId}\\?notice=.*#actions$`));
    const nextCharge = new Date((periodEnd + 10 * DAY_SECONDS) * 1000);
    expect(pageMessageFrom(api, first, "notice")).toBe(
      `Extended by 10 days: the next charge is on ${nextCharge.toISOString().slice(0, 10)}.`,
    );
    // The same form again (a double click): nothing moves twice.
    const second = await post(coach, "extend", { requestKey: "extend-click-1", days: "10" });
    expect(second.status).toBe(303);

    const atStripe = await stripe().subscriptions.retrieve(before.id);
    expect(atStripe.status).toBe("trialing");
    expect(atStripe.trial_end).toBe(periodEnd + 10 * DAY_SECONDS);
    expect(atStripe.items.data[0]?.current_period_end).toBe(periodEnd + 10 * DAY_SECONDS);
    const now = api.services.clock.now();
    expect(await loadMembership(api.services.database.db, memberId, now)).toEqual({
      member: true,
      state: "active",
      renewsOn: nextCharge,
      endsOn: null,
    });
    const detail = await loadMemberDetail(api.services, memberId);
    expect(detail?.actions.filter((action) => action.kind === "extend")).toMatchObject([
      { actor: TEST_ADMIN_EMAIL, status: "done" },
    ]);

    // Nothing is charged on the old date; on the new one she pays, and the subscription is active again.
    api.setNow(new Date((periodEnd + DAY_SECONDS) * 1000));
    api.services.billing.local?.processDueBilling();
    expect((await stripe().invoices.list({ subscription: before.id })).data).toHaveLength(1);
    api.setNow(new Date(nextCharge.getTime() + 60_000));
    api.services.billing.local?.processDueBilling();
    await deliverNewWebhooks(api, delivered);
    const renewed = await stripe().subscriptions.retrieve(before.id);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0]?.current_period_start).toBe(periodEnd + 10 * DAY_SECONDS);
    const paid = await stripe().invoices.list({ subscription: before.id, status: "paid" });
    expect(paid.data).toHaveLength(2);
    // Her first payment was refunded (above); the renewal counts.
    expect((await loadMemberDetail(api.services, memberId))?.lifetimeValue).toBe(2900);
  });
});
