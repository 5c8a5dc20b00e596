import { findCurrentSubscription } from "@academy/db/queries/billing";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { recordEnrollLinkClick } from "@academy/db/queries/funnel";
import { subscriptions, users, waitlistEntries } from "@academy/db/schema";
import { confirmCheckout, loadMembership } from "@academy/platform/billing";
import { readPageMessage } from "@academy/platform/page-messages";
import type { StripeEvent } from "@academy/stripe-local";
import { payCheckout, pressPortalButton } from "@academy/stripe-local/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import {
  createTestApi,
  deliverWebhook,
  OPEN_WINDOW,
  postForm,
  postJson,
  signIn,
  TEST_ADMIN_EMAIL,
  type TestApi,
  withCookie,
} from "../testing.ts";
import { confirmFromInbox } from "./waitlist.testing.ts";

const open = OPEN_WINDOW;

function local(api: TestApi) {
  const stand = api.services.billing.local;
  if (!stand) throw new Error("tests run on stripe-local");
  return stand;
}

/** Delivers one event to the app exactly as Stripe would: the JSON body, signed. */
function deliver(app: ReturnType<typeof createApp>, event: StripeEvent, secret: string, signature?: string) {
  return deliverWebhook(app, event, secret, signature === undefined ? {} : { signature });
}

/** She signs in and enrolls (her checkout is opened for her account), then pays on Stripe's page. */
async function enrollAndPay(api: TestApi, email: string, card?: string) {
  const cookie = await signIn(api, email);
  const response = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
  const { checkoutUrl } = await response.json();
  const paid = await payCheckout(checkoutUrl, card ? { cardNumber: card } : {});
  return { checkoutUrl, paid };
}

async function deliverAll(api: TestApi, app = api.app) {
  for (const event of local(api).events()) {
    const response = await deliver(app, event, api.services.billing.webhookSecret);
    expect(response.status).toBe(200);
  }
}

async function userId(api: TestApi, email: string) {
  const [user] = await api.services.database.db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}

describe("Stripe memberships", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, open);
  });
  afterAll(() => api.close());

  it("makes her a member once checkout is paid and its webhooks arrive", async () => {
    const { paid } = await enrollAndPay(api, "paid@example.com");
    expect(paid.status).toBe(303);
    await deliverAll(api);
    const membership = await loadMembership(
      api.services.database.db,
      await userId(api, "paid@example.com"),
      api.services.clock.now(),
    );
    expect(membership).toMatchObject({ member: true, state: "active" });
  });

  it("makes her a member the moment she is back from checkout, before any webhook arrives", async () => {
    const { paid } = await enrollAndPay(api, "returning@example.com");
    const sessionId = new URL(paid.headers.get("location") ?? "", "http://x").searchParams.get("session_id") ?? "";
    expect(await confirmCheckout(api.services, sessionId)).toEqual({ state: "member", email: "returning@example.com" });
    expect(await confirmCheckout(api.services, "cs_test_nothing_here")).toEqual({ state: "unknown", email: "" });
    expect(await confirmCheckout(api.services, "not a session")).toEqual({ state: "unknown", email: "" });
  });

  it("leaves a declined card a non-member", async () => {
    const { paid } = await enrollAndPay(api, "declined@example.com", "4000000000000002");
    expect(paid.status).toBe(402);
    expect(await paid.text()).toContain("Your card was declined.");
    await deliverAll(api);
    const membership = await loadMembership(
      api.services.database.db,
      await userId(api, "declined@example.com"),
      api.services.clock.now(),
    );
    expect(membership.member).toBe(false);
  });

  it("creates one checkout and one subscription however many times she clicks at once", async () => {
    const cookie = await signIn(api, "clicky@example.com");
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api.app.request(...withCookie(cookie, postJson("/api/enroll", {})))),
    );
    const urls = new Set(await Promise.all(responses.map(async (response) => (await response.json()).checkoutUrl)));
    expect(urls.size).toBe(1);
    const [url] = [...urls];
    await payCheckout(url);
    await deliverAll(api);
    const rows = await api.services.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.userId, await userId(api, "clicky@example.com")));
    expect(rows).toHaveLength(1);
    const again = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    expect(again.status).toBe(409);
    // The enroll form sends a member to her account instead of to a second checkout.
    const form = await api.app.request(...withCookie(cookie, postForm("/api/enroll", {})));
    expect(form.status).toBe(303);
    const account = new URL(form.headers.get("location") ?? "", "http://x");
    expect(account.pathname).toBe("/account");
    expect(readPageMessage(api.services.appSecret, account, "notice")).toMatch(/^You're already a member/);
  });

  it("refuses a webhook with a bad signature and changes nothing", async () => {
    const [event] = local(api).events();
    if (!event) throw new Error("no events");
    const before = await api.services.database.db.select().from(subscriptions).orderBy(asc(subscriptions.id));
    const response = await deliver(api.app, event, api.services.billing.webhookSecret, "t=1,v1=deadbeef");
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_signature");
    expect(await api.services.database.db.select().from(subscriptions).orderBy(asc(subscriptions.id))).toEqual(before);
  });

  it("answers 5xx when the database fails mid-webhook, and the retry succeeds with nothing lost", async () => {
    await enrollAndPay(api, "retry@example.com");
    const events = local(api)
      .events()
      .filter((event) => event.type === "checkout.session.completed");
    const event = events.at(-1);
    if (!event) throw new Error("no checkout event");
    let failures = 1;
    const db = new Proxy(api.services.database.db, {
      get(target, property, receiver) {
        if (property === "insert" && failures > 0) {
          failures--;
          throw new Error("database connection lost");
        }
        return Reflect.get(target, property, receiver);
      },
    });
    const flaky = createApp({ ...api.services, database: { ...api.services.database, db } });
    const failed = await deliver(flaky, event, api.services.billing.webhookSecret);
    expect(failed.status).toBe(500);
    const retried = await deliver(flaky, event, api.services.billing.webhookSecret);
    expect(retried.status).toBe(200);
    expect(
      (await findCurrentSubscription(api.services.database.db, await userId(api, "retry@example.com")))?.status,
    ).toBe("active");
  });

  it("ends access at the period end after she cancels in the portal", async () => {
    await enrollAndPay(api, "leaver@example.com");
    await deliverAll(api);
    const id = await userId(api, "leaver@example.com");
    const subscription = await findCurrentSubscription(api.services.database.db, id);
    if (!subscription) throw new Error("no subscription");
    const portal = await api.services.billing.stripe.billingPortal.sessions.create({
      customer: subscription.stripeCustomerId,
      return_url: "http://localhost:4321/account",
    });
    await pressPortalButton(portal.url, subscription.id, "cancel");
    await deliverAll(api);
    expect(await loadMembership(api.services.database.db, id, api.services.clock.now())).toMatchObject({
      member: true,
      state: "ending",
    });
    api.setNow(new Date(subscription.currentPeriodEnd.getTime() + 60_000));
    local(api).processDueBilling();
    await deliverAll(api);
    expect(await loadMembership(api.services.database.db, id, api.services.clock.now())).toMatchObject({
      member: false,
      state: "lapsed",
    });
  });
});

describe("deleting a member's account", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, open);
  });
  afterAll(() => api.close());

  it("cancels her subscription at Stripe before deleting anything", async () => {
    await enrollAndPay(api, "goodbye@example.com");
    await deliverAll(api);
    const subscription = await findCurrentSubscription(
      api.services.database.db,
      await userId(api, "goodbye@example.com"),
    );
    const cookie = await signIn(api, "goodbye@example.com");
    const response = await api.app.request(
      ...withCookie(cookie, postJson("/api/account/delete", { confirm: "goodbye@example.com" })),
    );
    expect(await response.json()).toEqual({ deleted: true });
    const atStripe = await api.services.billing.stripe.subscriptions.retrieve(subscription?.id ?? "");
    expect(atStripe.status).toBe("canceled");
  });

  it("sends the account form back to its delete section when the confirmation does not match, and home once it does", async () => {
    const cookie = await signIn(api, "form-goodbye@example.com");
    const mismatch = await api.app.request(
      ...withCookie(cookie, postForm("/api/account/delete", { confirm: "someone@example.com" })),
    );
    expect(mismatch.status).toBe(303);
    const back = new URL(mismatch.headers.get("location") ?? "", "http://x");
    expect(back.pathname + back.hash).toBe("/account#delete");
    expect(readPageMessage(api.services.appSecret, back, "delete_error")).toBe(
      "To delete your account, type your email address exactly as shown.",
    );
    expect((await api.app.request(...withCookie(cookie))).status).toBe(200);
    const deleted = await api.app.request(
      ...withCookie(cookie, postForm("/api/account/delete", { confirm: "form-goodbye@example.com" })),
    );
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/?account_deleted=1");
    expect(deleted.headers.get("set-cookie")).toMatch(/session=;/);
    expect((await api.app.request(...withCookie(cookie))).status).toBe(401);
  });
});

describe("the coach's funnel for a window", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it("counts only confirmed readers as the waitlist, and a buyer who never confirmed as a public buyer", async () => {
    const window = await createEnrollmentWindow(api.services.database.db, open);
    for (const email of ["a@example.com", "b@example.com", "c@example.com", "d@example.com"]) {
      await api.app.request(...postJson("/api/waitlist", { email }));
    }
    // D never confirms her address: when she buys, she is a public buyer, not a waitlist conversion.
    for (const email of ["a@example.com", "b@example.com", "c@example.com"]) await confirmFromInbox(api, email);
    const [entry] = await api.services.database.db
      .select()
      .from(waitlistEntries)
      .where(eq(waitlistEntries.email, "a@example.com"));
    await recordEnrollLinkClick(api.services.database.db, window.id, entry?.id ?? "");
    await recordEnrollLinkClick(api.services.database.db, window.id, entry?.id ?? "");
    await enrollAndPay(api, "a@example.com");
    await api.app.request(...withCookie(await signIn(api, "b@example.com"), postJson("/api/enroll", {})));
    await enrollAndPay(api, "d@example.com");
    await deliverAll(api);
    const coach = await signIn(api, TEST_ADMIN_EMAIL);
    const response = await api.app.request(...withCookie(coach, [`/api/admin/windows/${window.id}/funnel`, {}]));
    // No launch email went out, so nobody is "emailed": A, who paid, is counted as a waitlist buyer off the path.
    expect((await response.json()).funnel).toEqual({
      waitlist: 3,
      emailed: 0,
      clicked: 0,
      checkout: 0,
      paid: 0,
      waitlistPaidOffPath: 1,
      public: { checkout: 1, paid: 1 },
    });
  });
});
