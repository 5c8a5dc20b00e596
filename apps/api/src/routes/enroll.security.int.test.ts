import { findOrCreateUser } from "@academy/auth";
import { closeCheckout, saveSubscription } from "@academy/db/queries/billing";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { confirmWaitlistEntry, joinWaitlist } from "@academy/db/queries/waitlist";
import { checkoutSessions, enrollOpenings, users } from "@academy/db/schema";
import { createEnrollment, type Enrollment } from "@academy/platform/enrollment";
import { enrollInviteToken } from "@academy/platform/waitlist";
import { asc, count, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createTestApi, OPEN_WINDOW, postForm, postJson, signIn, type TestApi, withCookie } from "../testing.ts";

/** Doors open to everyone now. */
const window = OPEN_WINDOW;

const countUsers = async (api: TestApi) =>
  (await api.services.database.db.select({ n: count() }).from(users))[0]?.n ?? 0;
const countStripeCustomers = async (api: TestApi) =>
  (await api.services.billing.stripe.customers.list({ limit: 100 })).data.length;
const sessionIdOf = (checkoutUrl: string) => new URL(checkoutUrl).pathname.split("/").pop() ?? "";

/** Her account with a subscription in `status`, collection paused when `paused`. */
async function seedMember(api: TestApi, email: string, status: "active" | "past_due", paused = false) {
  const db = api.services.database.db;
  const user = await findOrCreateUser(db, email);
  const now = api.services.clock.now();
  await saveSubscription(db, {
    id: `sub_${user.id}`,
    userId: user.id,
    stripeCustomerId: `cus_${user.id}`,
    status,
    priceId: null,
    currentPeriodEnd: new Date(now.getTime() + 20 * 86_400_000),
    cancelAtPeriodEnd: false,
    pausedAt: paused ? new Date(now.getTime() - 86_400_000) : null,
    pastDueSince: status === "past_due" ? now : null,
    windowId: null,
  });
  return user;
}

describe("enrolling with an address that proves nothing", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, window);
  });
  afterAll(() => api.close());

  const enroll = (body: Record<string, string>) => api.app.request(...postJson("/api/enroll", body));

  it("limits a flood of made-up addresses from one network, makes nobody an account or a customer, and keeps a signed-in buyer's checkout", async () => {
    const usersBefore = await countUsers(api);
    const clicks = await Promise.all(
      Array.from({ length: 130 }, (_, index) => enroll({ email: `made-up-${index}@example.com` })),
    );
    const statuses = clicks.map((response) => response.status);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(120);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    const limited = clicks.find((response) => response.status === 429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    const { error } = await (limited as Response).json();
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/^Too many enroll clicks have come from your network.*Please try again in/);
    expect(error.message).toContain("sign in first");
    // A form goes back to the enroll page with the message.
    const form = await api.app.request(...postForm("/api/enroll", { email: "one-more@example.com" }));
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toMatch(/^\/enroll\?error=Too/);

    expect(await countUsers(api)).toBe(usersBefore);
    expect(await countStripeCustomers(api)).toBe(0);
    const anonymous = await api.services.database.db
      .select({ n: count() })
      .from(checkoutSessions)
      .where(isNull(checkoutSessions.userId));
    expect(anonymous[0]?.n).toBe(statuses.filter((status) => status === 200).length);

    // A real buyer, signed in, from the same network a moment later: her checkout, not "busy".
    const cookie = await signIn(api, "real-buyer@example.com");
    const hers = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    expect(hers.status).toBe(200);
    expect((await hers.json()).checkoutUrl).toMatch(/\/checkout\/cs_test_/);
    expect(await countStripeCustomers(api)).toBe(1);
  });
});

describe("what typing an address can tell", () => {
  let api: TestApi;
  let windowId: string;
  beforeAll(async () => {
    api = await createTestApi();
    windowId = (await createEnrollmentWindow(api.services.database.db, window)).id;
    await seedMember(api, "member@example.com", "active");
  });
  afterAll(() => api.close());

  const enroll = (body: Record<string, string>) => api.app.request(...postJson("/api/enroll", body));

  it("answers a member's address exactly as any other: a fresh checkout page", async () => {
    // Each test clicks in a minute of its own, within its network's limit.
    api.setNow(new Date("2026-06-01T10:00:00Z"));
    const member = await enroll({ email: "member@example.com" });
    const stranger = await enroll({ email: "nobody-yet@example.com" });
    expect(member.status).toBe(stranger.status);
    expect(member.status).toBe(200);
    const [memberBody, strangerBody] = [await member.json(), await stranger.json()];
    expect(Object.keys(memberBody)).toEqual(Object.keys(strangerBody));
    expect(memberBody.checkoutUrl).toMatch(/\/checkout\/cs_test_/);
    expect(memberBody.checkoutUrl).not.toBe(strangerBody.checkoutUrl);
    // The same for a form: both go to a checkout page, neither to the member's account.
    const forms = await Promise.all(
      ["member@example.com", "also-nobody@example.com"].map((email) =>
        api.app.request(...postForm("/api/enroll", { email })),
      ),
    );
    for (const form of forms) {
      expect(form.status).toBe(303);
      expect(form.headers.get("location")).toMatch(/\/checkout\/cs_test_/);
    }
  });

  it("opens an anonymous checkout without a customer, the typed address only prefilled", async () => {
    api.setNow(new Date("2026-06-01T10:05:00Z"));
    const response = await enroll({ email: "prefill@example.com" });
    const session = await api.services.billing.stripe.checkout.sessions.retrieve(
      sessionIdOf((await response.json()).checkoutUrl),
    );
    expect(session.customer).toBeNull();
    expect(session.customer_email).toBe("prefill@example.com");
    expect(session.client_reference_id).toBeNull();
    expect(session.metadata).toEqual({ windowId, anonymous: "1" });
    expect(session.mode).toBe("subscription");
  });

  it("never returns another person's checkout to someone typing her address", async () => {
    api.setNow(new Date("2026-06-01T10:10:00Z"));
    // Ruth, signed in, opens her checkout.
    const cookie = await signIn(api, "ruth@example.com");
    const ruths = (await (await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})))).json())
      .checkoutUrl;
    expect(ruths).toMatch(/\/checkout\/cs_test_/);
    // Someone else types her address, twice, and a forged pass besides: never her checkout.
    for (const cookie of ["", "", "enroll-pass=abcdefghijklmnopqrstuvwxyz234567.forged"]) {
      const request = postJson("/api/enroll", { email: "ruth@example.com" });
      const response = await api.app.request(...(cookie ? withCookie(cookie, request) : request));
      expect(response.status).toBe(200);
      expect((await response.json()).checkoutUrl).not.toBe(ruths);
    }
    // An anonymous visitor's checkout is hers alone as well: the same address from another browser opens another.
    const first = await enroll({ email: "anon@example.com" });
    const second = await enroll({ email: "anon@example.com" });
    expect((await first.json()).checkoutUrl).not.toBe((await second.json()).checkoutUrl);
  });
});

describe("a browser that already paid", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, window);
  });
  afterAll(() => api.close());

  it("is told to sign in with the address it paid with, rather than sent to a second checkout", async () => {
    const first = await api.app.request(...postJson("/api/enroll", { email: "paid@example.com" }));
    const { checkoutUrl } = await first.json();
    const pass =
      first.headers
        .getSetCookie()
        .find((cookie) => cookie.startsWith("enroll-pass="))
        ?.split(";")[0] ?? "";
    expect(pass).not.toBe("");
    await closeCheckout(api.services.database.db, {
      id: sessionIdOf(checkoutUrl),
      outcome: "complete",
      at: api.services.clock.now(),
    });
    const again = await api.app.request(...withCookie(pass, postJson("/api/enroll", { email: "paid@example.com" })));
    expect(again.status).toBe(409);
    const { error } = await again.json();
    expect(error.code).toBe("already_paid");
    expect(error.message).toContain("Sign in with the email address you paid with");
    const form = await api.app.request(...withCookie(pass, postForm("/api/enroll", {})));
    expect(form.headers.get("location")).toMatch(/^\/enroll\?error=You/);
  });
});

describe("a browser whose checkout expired", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, window);
  });
  afterAll(() => api.close());

  it("gets a new checkout page, not the expired one", async () => {
    const first = await api.app.request(...postJson("/api/enroll", { email: "slow@example.com" }));
    const { checkoutUrl } = await first.json();
    const pass =
      first.headers
        .getSetCookie()
        .find((cookie) => cookie.startsWith("enroll-pass="))
        ?.split(";")[0] ?? "";
    await closeCheckout(api.services.database.db, {
      id: sessionIdOf(checkoutUrl),
      outcome: "expired",
      at: api.services.clock.now(),
    });
    const again = await api.app.request(...withCookie(pass, postJson("/api/enroll", { email: "slow@example.com" })));
    expect(again.status).toBe(200);
    const next = (await again.json()).checkoutUrl;
    expect(next).toMatch(/\/checkout\/cs_test_/);
    expect(next).not.toBe(checkoutUrl);
  });
});

describe("one subscription per person, whatever state it is in", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, window);
  });
  afterAll(() => api.close());

  it("sends a paused member to resume her membership rather than to a second checkout", async () => {
    await seedMember(api, "paused@example.com", "active", true);
    const cookie = await signIn(api, "paused@example.com");
    const response = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    expect(response.status).toBe(409);
    const { error } = await response.json();
    expect(error.code).toBe("already_member");
    expect(error.message).toBe("You're already a member, and your membership is paused: resume it from your account.");
    const form = await api.app.request(...withCookie(cookie, postForm("/api/enroll", {})));
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toMatch(/^\/account\?notice=/);
    const rows = await api.services.database.db.select({ n: count() }).from(checkoutSessions);
    expect(rows[0]?.n).toBe(0);
  });

  it("sends a member whose payment failed to update her card, and an active one to her account", async () => {
    await seedMember(api, "late@example.com", "past_due");
    const late = await signIn(api, "late@example.com");
    const lateAnswer = await api.app.request(...withCookie(late, postJson("/api/enroll", {})));
    expect(lateAnswer.status).toBe(409);
    expect((await lateAnswer.json()).error.message).toContain("update your card from your account");
    await seedMember(api, "active@example.com", "active");
    const active = await signIn(api, "active@example.com");
    const activeAnswer = await api.app.request(...withCookie(active, postJson("/api/enroll", {})));
    expect(activeAnswer.status).toBe(409);
    expect((await activeAnswer.json()).error.code).toBe("already_member");
  });
});

describe("proven visitors ahead of anonymous ones", () => {
  let api: TestApi & { enrollment: Enrollment; behindProxy: ReturnType<typeof createApp> };
  beforeAll(async () => {
    const base = await createTestApi();
    // Two Stripe calls a second, and room for four anonymous openings at once.
    const enrollment = createEnrollment({ ...base.services, perSecond: 2, maxAnonymousOpenings: 4 });
    const services = { ...base.services, enrollment, trustProxy: 1 };
    api = { ...base, enrollment, app: createApp(services), behindProxy: createApp(services) };
    await createEnrollmentWindow(api.services.database.db, window);
  });
  afterAll(() => api.close());

  /** An anonymous click from its own network, as seen through one proxy. */
  const anonymousClick = (index: number) => {
    const [path, init] = postJson("/api/enroll", { email: `flood-${index}@example.com` });
    return api.behindProxy.request(path, {
      ...init,
      headers: { ...init.headers, "x-forwarded-for": `203.0.113.${index + 1}` },
    });
  };

  it("lets a signed-in buyer through first while anonymous clicks fill their line, and never tells her it is busy", async () => {
    const cookie = await signIn(api, "first-in-line@example.com");
    const flood = Array.from({ length: 10 }, (_, index) => anonymousClick(index));
    await expect.poll(() => api.enrollment.openingsUnderWay()).toBeGreaterThanOrEqual(3);
    const hers = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    expect(hers.status).toBe(200);
    const answers = await Promise.all(flood);
    const statuses = answers.map((response) => response.status);
    expect(statuses.every((status) => status === 200 || status === 202 || status === 503)).toBe(true);
    // About the cap (more if openings finished before the last clicks came): the rest are told checkout is
    // busy, with what to do.
    const [busy, ...moreBusy] = answers.filter((response) => response.status === 503);
    if (!busy) throw new Error(`no anonymous click was told checkout is busy: ${statuses.join(", ")}`);
    expect(moreBusy.length).toBeGreaterThanOrEqual(2);
    expect(busy.headers.get("retry-after")).toBe("30");
    expect((await busy.json()).error.message).toContain("sign in first, or use your link");
    // Her checkout opened before the anonymous ones that were waiting when she came.
    await expect.poll(() => api.enrollment.openingsUnderWay(), { timeout: 10_000 }).toBe(0);
    const opened = await api.services.database.db
      .select({ userId: checkoutSessions.userId })
      .from(checkoutSessions)
      .orderBy(asc(checkoutSessions.createdAt));
    const hersAt = opened.findIndex((row) => row.userId !== null);
    expect(opened.length - 1 - hersAt).toBeGreaterThanOrEqual(2);
  }, 120_000);
});

describe("an anonymous click overtaken while it waits", () => {
  let api: TestApi;
  let invites: string[];
  beforeAll(async () => {
    const base = await createTestApi();
    // Two Stripe calls a second: a click waits in the request when her turn looks a second or two away.
    const enrollment = createEnrollment({ ...base.services, perSecond: 2 });
    api = { ...base, app: createApp({ ...base.services, enrollment }) };
    await createEnrollmentWindow(api.services.database.db, window);
    const db = api.services.database.db;
    invites = await Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        const { id } = await joinWaitlist(db, { email: `proven${index}@example.com`, consentText: "yes" });
        await confirmWaitlistEntry(db, { id, linkRequestedAt: new Date(), now: new Date() });
        return enrollInviteToken(api.services.appSecret, id);
      }),
    );
  });
  afterAll(() => api.close());

  const byLink = (invite: string | undefined) => api.app.request(...postJson("/api/enroll", { invite: invite ?? "" }));

  it("gets her place in line within the request's time when people with their links go ahead of her", async () => {
    const first = byLink(invites[0]);
    // The first proven click is in the line before the anonymous one comes.
    await expect.poll(async () => (await api.services.database.db.select().from(enrollOpenings)).length).toBe(1);
    const anonymous = api.app.request(...postJson("/api/enroll", { email: "overtaken@example.com" }));
    const proven = invites.slice(1).map(byLink);
    const answer = await anonymous;
    // Her request is cut off with her place in line (202), not held until her checkout opens (200): people
    // with their links went ahead of her, so her turn at two Stripe calls a second is seconds away.
    expect(answer.status).toBe(202);
    const { statusUrl, ahead } = await answer.json();
    expect(statusUrl).toMatch(/^\/api\/enroll\/line\?ticket=/);
    expect(ahead).toBeGreaterThanOrEqual(1);
    const provenAnswers = await Promise.all([first, ...proven]);
    expect(provenAnswers.map((response) => response.status).every((status) => status === 200 || status === 202)).toBe(
      true,
    );
  }, 120_000);
});
