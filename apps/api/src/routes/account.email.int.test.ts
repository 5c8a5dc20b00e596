import { findStripeCustomerId } from "@academy/db/queries/billing";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { users } from "@academy/db/schema";
import { listOutbox } from "@academy/mail";
import { payCheckout } from "@academy/stripe-local/testing";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
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
  type TestApi,
  withCookie,
} from "../testing.ts";

/** A member changes her address (confirmed at the new one); the coach corrects one; a taken address is refused. */
describe("changing the address she signs in with", () => {
  let api: TestApi;
  const delivered = new Set<string>();

  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, OPEN_WINDOW);
  });
  afterAll(() => api.close());

  const db = () => api.services.database.db;

  /** She signs in, enrolls and pays: a member with a Stripe customer. Returns her cookie and user id. */
  async function member(email: string): Promise<{ cookie: string; userId: string }> {
    const cookie = await signIn(api, email);
    const enrolled = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    await payCheckout((await enrolled.json()).checkoutUrl);
    await deliverNewWebhooks(api, delivered);
    const [user] = await db().select().from(users).where(eq(users.email, email));
    if (!user) throw new Error(`no account for ${email}`);
    return { cookie, userId: user.id };
  }

  async function stripeEmailOf(userId: string): Promise<string | null> {
    const customerId = await findStripeCustomerId(db(), userId);
    const customer = (await api.services.billing.stripe.customers.retrieve(customerId ?? "")) as Stripe.Customer;
    return customer.email;
  }

  async function accountEmailOf(userId: string): Promise<string | undefined> {
    const [user] = await db().select().from(users).where(eq(users.id, userId));
    return user?.email;
  }

  async function newestMail(to: string, subject: string) {
    const messages = await listOutbox(db(), { to, limit: 20 });
    return messages.find((message) => message.subject === subject);
  }

  it("changes it only when the link sent to the new address is used, then updates Stripe and tells the old one", async () => {
    const { cookie, userId } = await member("old.address@example.com");
    const asked = await api.app.request(
      ...withCookie(cookie, postJson("/api/account/email", { email: " New.Address@Example.com " })),
    );
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ sent: true, email: "new.address@example.com" });
    // Nothing changes until the link is used.
    expect(await accountEmailOf(userId)).toBe("old.address@example.com");

    const mail = await newestMail("new.address@example.com", "Confirm your new email address");
    const token = decodeURIComponent(/token=([^"\s&]+)/.exec(mail?.text ?? "")?.[1] ?? "");
    expect(token).toMatch(/^emc_/);
    // Opened on another device, signed out: the button's POST is enough.
    const confirmed = await api.app.request(...postJson("/api/account/email/confirm", { token }));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ changed: true, email: "new.address@example.com" });

    expect(await accountEmailOf(userId)).toBe("new.address@example.com");
    expect(await stripeEmailOf(userId)).toBe("new.address@example.com");
    const notice = await newestMail("old.address@example.com", "Your email address was changed");
    expect(notice?.text).toContain("now signs in with new.address@example.com");
    // Her session goes on, under her new address.
    const account = await api.app.request(...withCookie(cookie));
    expect((await account.json()).user.email).toBe("new.address@example.com");

    // The link works once.
    const again = await api.app.request(...postJson("/api/account/email/confirm", { token }));
    expect(again.status).toBe(410);
    expect((await again.json()).error.code).toBe("link_used");
  });

  it("refuses an address another account uses, from her account page and from the admin", async () => {
    await signIn(api, "taken@example.com");
    const { cookie, userId } = await member("wants.taken@example.com");

    const asked = await api.app.request(
      ...withCookie(cookie, postJson("/api/account/email", { email: "Taken@Example.com" })),
    );
    expect(asked.status).toBe(409);
    expect((await asked.json()).error).toMatchObject({
      code: "email_taken",
      message: expect.stringContaining("Another account already uses that email address"),
    });
    expect(await newestMail("taken@example.com", "Confirm your new email address")).toBeUndefined();

    // The account page's form goes back to its email section with the message.
    const form = await api.app.request(
      ...withCookie(cookie, postForm("/api/account/email", { email: "taken@example.com" })),
    );
    expect(form.status).toBe(303);
    expect(pageMessageFrom(api, form, "email_error")).toContain("Another account already uses");

    const coach = await signIn(api, TEST_ADMIN_EMAIL);
    const corrected = await api.app.request(
      ...withCookie(coach, postJson(`/api/admin/members/${userId}/email`, { email: "taken@example.com" })),
    );
    expect(corrected.status).toBe(409);
    expect((await corrected.json()).error.code).toBe("email_taken");
    expect(await accountEmailOf(userId)).toBe("wants.taken@example.com");
    expect(await stripeEmailOf(userId)).toBe("wants.taken@example.com");
  });

  it("lets the coach correct a member's address at once, and nobody else", async () => {
    const { cookie, userId } = await member("typo@exmaple.com");
    const byMember = await api.app.request(
      ...withCookie(cookie, postJson(`/api/admin/members/${userId}/email`, { email: "fixed@example.com" })),
    );
    expect(byMember.status).toBe(403);

    const coach = await signIn(api, TEST_ADMIN_EMAIL);
    const corrected = await api.app.request(
      ...withCookie(coach, postForm(`/api/admin/members/${userId}/email`, { email: "fixed@example.com" })),
    );
    expect(corrected.status).toBe(303);
    expect(corrected.headers.get("location")).toMatch(new RegExp(`^/admin/members/${userId}\\?notice=`));
    expect(pageMessageFrom(api, corrected, "notice")).toBe(
      "Her address is now fixed@example.com. We told typo@exmaple.com.",
    );
    expect(await accountEmailOf(userId)).toBe("fixed@example.com");
    expect(await stripeEmailOf(userId)).toBe("fixed@example.com");

    const unknown = await api.app.request(
      ...withCookie(coach, postJson("/api/admin/members/usr_nobody/email", { email: "x@example.com" })),
    );
    expect(unknown.status).toBe(404);
    const malformed = await api.app.request(
      ...withCookie(coach, postJson(`/api/admin/members/${userId}/email`, { email: "not an address" })),
    );
    expect(malformed.status).toBe(422);
  });
});
