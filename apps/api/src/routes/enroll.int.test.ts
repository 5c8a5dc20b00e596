import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { joinWaitlist } from "@academy/db/queries/waitlist";
import { enrollInviteToken } from "@academy/platform/waitlist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, postForm, postJson, signIn, type TestApi, withCookie } from "../testing.ts";

describe("POST /api/enroll decides from the server's clock", () => {
  let api: TestApi;
  let invite: string;
  const window = {
    name: "Spring",
    priorityOpensAt: new Date("2027-03-14T16:00:00Z"),
    publicOpensAt: new Date("2027-03-17T16:00:00Z"),
    closesAt: new Date("2027-03-21T02:00:00Z"),
    timeZone: "America/Denver",
    capacity: null,
  };

  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, window);
    const entry = await joinWaitlist(api.services.database.db, { email: "early@example.com", consentText: "yes" });
    invite = enrollInviteToken(api.services.appSecret, entry.id);
  });
  afterAll(() => api.close());

  const enroll = (body: Record<string, string> = {}) => api.app.request(...postJson("/api/enroll", body));

  it("says when doors open, before they do", async () => {
    api.setNow(new Date("2027-03-14T15:59:59Z"));
    const response = await enroll({ invite });
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toBe("Doors open on Sunday 14 March 2027 at 10:00 Denver time.");
  });

  it("keeps strangers out during priority access and tells them when they can come", async () => {
    api.setNow(new Date("2027-03-14T16:00:00Z"));
    const response = await enroll();
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toContain(
      "Only the waitlist can enroll until Wednesday 17 March 2027 at 10:00",
    );
    const form = await api.app.request(...postForm("/api/enroll", {}));
    expect(form.headers.get("location")).toMatch(/^\/enroll\?error=Only(\+|%20)the(\+|%20)waitlist/);
  });

  it("lets a waitlist member through with her personal link, or signed in with her waitlist email", async () => {
    api.setNow(new Date("2027-03-14T16:00:00Z"));
    const byLink = await enroll({ invite });
    expect(byLink.status).toBe(200);
    const { checkoutUrl } = await byLink.json();
    expect(checkoutUrl).toMatch(/\/checkout\/cs_test_/);
    // Signed in with her waitlist email, and clicking twice: the same checkout page, never a second one.
    const cookie = await signIn(api, "early@example.com");
    const signedIn = await api.app.request(...withCookie(cookie, postJson("/api/enroll", {})));
    expect((await signedIn.json()).checkoutUrl).toBe(checkoutUrl);
  });

  it("refuses a forged personal link", async () => {
    api.setNow(new Date("2027-03-14T16:00:00Z"));
    expect((await enroll({ invite: `${invite.slice(0, -2)}xx` })).status).toBe(403);
  });

  it("lets everyone through in the public phase, and nobody once doors close", async () => {
    api.setNow(window.publicOpensAt);
    const withoutEmail = await enroll();
    expect(withoutEmail.status).toBe(422);
    expect((await withoutEmail.json()).error.message).toBe("Enter your email address to enroll.");
    const anyone = await enroll({ email: "public@example.com" });
    expect(anyone.status).toBe(200);
    const { checkoutUrl } = await anyone.json();
    expect(checkoutUrl).toMatch(/\/checkout\/cs_test_/);
    // Clicking again later (the back button, a second tab) brings her back to the same checkout page.
    const again = await enroll({ email: "PUBLIC@example.com" });
    expect(await again.json()).toEqual({ checkoutUrl });
    api.setNow(window.closesAt);
    const closed = await enroll();
    expect(closed.status).toBe(409);
    expect((await closed.json()).error.code).toBe("doors_closed");
  });
});
