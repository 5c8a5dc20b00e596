import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { confirmWaitlistEntry, joinWaitlist } from "@academy/db/queries/waitlist";
import { SPRING_WINDOW } from "@academy/db/testing";
import { enrollInviteToken } from "@academy/platform/waitlist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, postForm, postJson, signIn, type TestApi, withCookie } from "../testing.ts";

describe("POST /api/enroll decides from the server's clock", () => {
  let api: TestApi;
  let invite: string;
  const window = SPRING_WINDOW;

  beforeAll(async () => {
    api = await createTestApi();
    await createEnrollmentWindow(api.services.database.db, window);
    const db = api.services.database.db;
    const entry = await joinWaitlist(db, { email: "early@example.com", consentText: "yes" });
    // Only a confirmed entry is on the list.
    await confirmWaitlistEntry(db, { id: entry.id, linkRequestedAt: new Date(), now: new Date() });
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
    // Without an address: Stripe's page asks for it.
    const withoutEmail = await enroll();
    expect(withoutEmail.status).toBe(200);
    expect((await withoutEmail.json()).checkoutUrl).toMatch(/\/checkout\/cs_test_/);
    const anyone = await enroll({ email: "public@example.com" });
    expect(anyone.status).toBe(200);
    const { checkoutUrl } = await anyone.json();
    expect(checkoutUrl).toMatch(/\/checkout\/cs_test_/);
    // Clicking again later in the same browser (the back button, a second tab) brings her back to the same
    // checkout page: her browser keeps her enroll pass.
    const pass = passCookieFrom(anyone);
    const again = await api.app.request(...withCookie(pass, postJson("/api/enroll", { email: "PUBLIC@example.com" })));
    expect(await again.json()).toEqual({ checkoutUrl });
    // A form with the address left empty is fine too.
    const form = await api.app.request(...postForm("/api/enroll", { email: "", invite: "" }));
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toMatch(/\/checkout\/cs_test_/);
    api.setNow(window.closesAt);
    const closed = await enroll();
    expect(closed.status).toBe(409);
    expect((await closed.json()).error.code).toBe("doors_closed");
  });

  it("tells her when the address she typed is not one", async () => {
    api.setNow(window.publicOpensAt);
    const response = await enroll({ email: "not an address" });
    expect(response.status).toBe(422);
    expect((await response.json()).error.fields.email).toBe("Enter an email address like name@example.com.");
  });
});

/** `name=value` of the enroll pass cookie a response set, for the same browser's next request. */
function passCookieFrom(response: Response): string {
  const header = response.headers.getSetCookie().find((cookie) => /^(__Host-)?enroll-pass=./.test(cookie));
  if (!header) throw new Error("the response set no enroll pass");
  return header.split(";")[0] ?? "";
}
