import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { isOnWaitlist, listLaunchRecipients } from "@academy/db/queries/waitlist";
import { waitlistEntries } from "@academy/db/schema";
import { listOutbox } from "@academy/mail";
import { enrollInviteToken } from "@academy/platform/waitlist";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, pageMessageFrom, postForm, postJson, signIn, type TestApi, withCookie } from "../testing.ts";
import {
  CONFIRMATION_SUBJECT,
  confirmationToken,
  confirmFromInbox,
  freshNetwork,
  fromNetwork,
  join,
  mailTo,
  WELCOME_SUBJECT,
} from "./waitlist.testing.ts";

/** Finding 6 of issue #13: the waitlist could be abused. */
describe("the waitlist under abuse", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ trustProxy: 1 });
  });
  afterAll(() => api.close());

  const db = () => api.services.database.db;
  const later = (ms: number) => api.setNow(new Date(api.services.clock.now().getTime() + ms));
  const entryOf = async (email: string) => {
    const [entry] = await db().select().from(waitlistEntries).where(eq(waitlistEntries.email, email));
    if (!entry) throw new Error(`no entry for ${email}`);
    return entry;
  };

  it("answers 429 with Retry-After after 20 of 200 joins from one network, and sends no more than 20 emails", async () => {
    const network = "203.0.113.66";
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        api.app.request(
          ...fromNetwork(
            network,
            postJson("/api/waitlist", { email: `victim${index}@example.com`, firstName: "Idiot" }),
          ),
        ),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(180);
    const refused = responses.find((response) => response.status === 429);
    if (!refused) throw new Error("no join was refused");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many sign-ups from your network just now\. Please wait \d+ minutes?/),
    });

    await api.services.welcomeEmails.flush();
    const mail = (await listOutbox(db(), { limit: 1_000 })).filter((message) => message.to.startsWith("victim"));
    expect(mail).toHaveLength(20);
    expect(mail.every((message) => message.subject === CONFIRMATION_SUBJECT)).toBe(true);
    // Nobody is greeted with what the sender typed.
    expect(mail.some((message) => message.text.includes("Idiot") || message.html.includes("Idiot"))).toBe(false);

    // A form over the limit goes back to /join with the message and the address she typed.
    const form = await api.app.request(...fromNetwork(network, postForm("/api/waitlist", { email: "me@example.com" })));
    expect(form.status).toBe(303);
    expect(new URL(form.headers.get("location") ?? "", "http://x").pathname).toBe("/join");
    expect(pageMessageFrom(api, form)).toMatch(/^Too many sign-ups from your network/);
  });

  it("sends one address at most one confirmation per 10 minutes, and refuses its sixth join of the day", async () => {
    const email = "flooded@example.com";
    await join(api, { email });
    await join(api, { email });
    later(9 * 60_000);
    await join(api, { email });
    expect(await mailTo(api, email, CONFIRMATION_SUBJECT)).toHaveLength(1);
    later(60_000);
    await join(api, { email });
    expect(await mailTo(api, email, CONFIRMATION_SUBJECT)).toHaveLength(2);
    later(60 * 60_000);
    await join(api, { email });
    expect(await mailTo(api, email, CONFIRMATION_SUBJECT)).toHaveLength(3);
    // Five joins of one address a day, from anywhere.
    const sixth = await api.app.request(...fromNetwork(freshNetwork(), postJson("/api/waitlist", { email })));
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await sixth.json()).error.message).toMatch(/look for our email in your inbox/);
    expect(await mailTo(api, email, CONFIRMATION_SUBJECT)).toHaveLength(3);
  });

  it("gives no priority access to a join until its owner confirms it", async () => {
    const now = api.services.clock.now();
    await createEnrollmentWindow(db(), {
      name: "Priority now",
      priorityOpensAt: new Date(now.getTime() - 3_600_000),
      publicOpensAt: new Date(now.getTime() + 7 * 86_400_000),
      closesAt: new Date(now.getTime() + 14 * 86_400_000),
      timeZone: "UTC",
      capacity: null,
    });
    // Doors are open to the waitlist only; a stranger joins with her own address, signs in and tries to enroll.
    const email = "latecomer@example.com";
    await join(api, { email });
    const cookie = await signIn(api, email);
    const invite = enrollInviteToken(api.services.appSecret, (await entryOf(email)).id);
    const signedIn = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    expect(signedIn.status).toBe(403);
    const byLink = await api.app.request(...postJson("/api/enroll", { invite }));
    expect(byLink.status).toBe(403);
    expect(await isOnWaitlist(db(), email)).toBe(false);

    // The owner of the address confirms from her inbox: now she is on the list, and doors open for her.
    await confirmFromInbox(api, email);
    expect(await isOnWaitlist(db(), email)).toBe(true);
    const confirmed = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    expect(confirmed.status).not.toBe(403);
    expect(confirmed.status).toBeLessThan(300);
  });

  it("keeps an address its owner unsubscribed off the list whatever a stranger does, and lets only her back", async () => {
    const email = "left@example.com";
    await join(api, { email, firstName: "Lena" });
    const oldLink = await confirmationToken(api, email);
    await confirmFromInbox(api, email);
    const [welcome] = await mailTo(api, email, WELCOME_SUBJECT);
    const unsubscribe = /^<(.+)>$/.exec(welcome?.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
    later(60_000);
    await api.app.request(unsubscribe.replace("http://localhost:4321", ""), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    const unsubscribedAt = (await entryOf(email)).unsubscribedAt;
    expect(unsubscribedAt).not.toBeNull();

    // A stranger joins with her address, twice, with another name.
    later(60_000);
    await join(api, { email, firstName: "Mallory" });
    await join(api, { email, firstName: "Mallory" });
    expect(await isOnWaitlist(db(), email)).toBe(false);
    expect((await entryOf(email)).unsubscribedAt).toEqual(unsubscribedAt);
    expect((await listLaunchRecipients(db(), { skipEnrolled: false })).map((entry) => entry.email)).not.toContain(
      email,
    );
    // She gets one email asking her to confirm, and nothing else.
    const mail = await listOutbox(db(), { to: email });
    expect(mail.map((message) => message.subject)).toEqual([
      CONFIRMATION_SUBJECT,
      WELCOME_SUBJECT,
      CONFIRMATION_SUBJECT,
    ]);

    // The link from before she unsubscribed cannot undo it…
    const stale = await api.app.request(...postJson("/api/waitlist/confirm", { token: oldLink }));
    expect(stale.status).toBe(410);
    expect((await stale.json()).error.code).toBe("confirmation_link_stale");
    expect(await isOnWaitlist(db(), email)).toBe(false);
    // …only the new one, which she alone received, brings her back.
    await confirmFromInbox(api, email, { firstName: "Lena" });
    expect(await isOnWaitlist(db(), email)).toBe(true);
    expect((await entryOf(email)).firstName).toBe("Lena");
  });

  it("sends the welcome, with her first name, only after she confirms", async () => {
    const email = "named@example.com";
    await join(api, { email, firstName: "Ana" });
    const [confirmation] = await mailTo(api, email, CONFIRMATION_SUBJECT);
    expect(confirmation?.text.startsWith("Hello,\n")).toBe(true);
    expect(confirmation?.text).not.toContain("Ana");
    expect(await mailTo(api, email, WELCOME_SUBJECT)).toHaveLength(0);

    await confirmFromInbox(api, email);
    const [welcome] = await mailTo(api, email, WELCOME_SUBJECT);
    expect(welcome?.text).toContain("Hi Ana,");
  });

  it("answers a join of a listed address as any other, sends her nothing and renames nobody", async () => {
    const email = "listed@example.com";
    const first = await join(api, { email, firstName: "Ruth" });
    await confirmFromInbox(api, email);
    expect(await mailTo(api, email, WELCOME_SUBJECT)).toHaveLength(1);
    const before = (await listOutbox(db(), { to: email })).length;
    later(60 * 60_000);
    const again = await join(api, { email, firstName: "Mallory" });
    expect(await again.json()).toEqual(await first.json());
    await api.services.welcomeEmails.flush();
    expect(await listOutbox(db(), { to: email })).toHaveLength(before);
    expect((await entryOf(email)).firstName).toBe("Ruth");
  });

  it("refuses a forged or expired confirmation link, and the page's own address leaves nothing changed", async () => {
    const email = "slow@example.com";
    await join(api, { email });
    const token = await confirmationToken(api, email);
    const forged = await api.app.request(...postJson("/api/waitlist/confirm", { token: `${token.slice(0, -3)}AAA` }));
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.code).toBe("invalid_confirmation_link");
    later(8 * 86_400_000);
    const expired = await api.app.request(...postForm("/api/waitlist/confirm", { token }));
    expect(expired.status).toBe(303);
    expect(pageMessageFrom(api, expired)).toMatch(/has expired\. Join again/);
    expect(await isOnWaitlist(db(), email)).toBe(false);
  });
});
