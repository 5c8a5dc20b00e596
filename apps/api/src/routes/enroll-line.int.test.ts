import { findOrCreateUser } from "@academy/auth";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { confirmWaitlistEntry, joinWaitlist } from "@academy/db/queries/waitlist";
import { checkoutSessions } from "@academy/db/schema";
import { createEnrollment, type Enrollment, lineTicket } from "@academy/platform/enrollment";
import { enrollInviteToken } from "@academy/platform/waitlist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createTestApi, OPEN_WINDOW, postForm, postJson, type TestApi, withCookie } from "../testing.ts";

const window = OPEN_WINDOW;

/** The API on the test services, with enrolling paced at `perSecond` Stripe calls a second. */
async function createPacedApi(perSecond: number): Promise<TestApi & { enrollment: Enrollment }> {
  const api = await createTestApi();
  const enrollment = createEnrollment({ ...api.services, perSecond });
  return { ...api, enrollment, app: createApp({ ...api.services, enrollment }) };
}

/** Personal enroll links of confirmed waitlist members: the doors-open email's people, who proved who they are. */
async function invitesFor(api: TestApi, emails: string[]): Promise<string[]> {
  const db = api.services.database.db;
  return Promise.all(
    emails.map(async (email) => {
      const { id } = await joinWaitlist(db, { email, consentText: "yes" });
      await confirmWaitlistEntry(db, { id, linkRequestedAt: new Date(), now: new Date() });
      return enrollInviteToken(api.services.appSecret, id);
    }),
  );
}

/** `name=value` of the enroll pass cookie a response set, for the same browser's next request. */
function passCookieFrom(response: Response): string {
  const header = response.headers.getSetCookie().find((cookie) => /^(__Host-)?enroll-pass=./.test(cookie));
  if (!header) throw new Error("the response set no enroll pass");
  return header.split(";")[0] ?? "";
}

describe("the line at the doors, when Stripe's pace would keep her waiting", () => {
  let api: TestApi & { enrollment: Enrollment };
  let windowId: string;
  beforeAll(async () => {
    // Two Stripe calls a second: a handful of people at once is already a rush.
    api = await createPacedApi(2);
    windowId = (await createEnrollmentWindow(api.services.database.db, window)).id;
  });
  afterAll(() => api.close());

  const status = (ticketPath: string) => api.app.request(ticketPath);

  /**
   * Follows her place in line until her checkout is open, as the line page does (a quarter-second poll of the
   * status, not a timed wait). Up to 90 s: at two checkouts a second on a loaded machine a line of ten takes a while.
   */
  async function waitForCheckout(statusUrl: string): Promise<string> {
    for (let look = 0; look < 360; look++) {
      const response = await status(statusUrl);
      const body = await response.json();
      if (response.status === 200) return body.checkoutUrl;
      expect(response.status).toBe(202);
      expect(response.headers.get("retry-after")).toBe("2");
      expect(body.ahead).toBeGreaterThanOrEqual(0);
      expect(body.waitSeconds).toBeGreaterThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`still in line: ${statusUrl}`);
  }

  it("answers the first at once and gives the rest a place in line, each ending at her own checkout", async () => {
    const invites = await invitesFor(
      api,
      Array.from({ length: 10 }, (_, index) => `rush${index}@example.com`),
    );
    const responses = await Promise.all(
      invites.map((invite) => api.app.request(...postJson("/api/enroll", { invite }))),
    );
    const statuses = responses.map((response) => response.status);
    // Whichever click reaches the line first (not necessarily the first sent) goes straight to checkout.
    expect(statuses).toContain(200);
    expect(statuses).toContain(202);
    expect(statuses.every((code) => code === 200 || code === 202)).toBe(true);
    const urls = await Promise.all(
      responses.map(async (response) => {
        const body = await response.json();
        if (response.status === 200) return body.checkoutUrl as string;
        expect(body).toMatchObject({ inLine: true, lineUrl: expect.stringMatching(/^\/enroll\/line\?ticket=/) });
        return waitForCheckout(body.statusUrl);
      }),
    );
    expect(new Set(urls).size).toBe(10);
    const saved = await api.services.database.db.select().from(checkoutSessions);
    expect(saved.filter((row) => row.windowId === windowId)).toHaveLength(10);
  }, 120_000);

  it("sends a form post in a rush to the line page, and a second click from her browser keeps her place", async () => {
    const invites = await invitesFor(
      api,
      Array.from({ length: 8 }, (_, index) => `crowd${index}@example.com`),
    );
    const crowd = invites.map((invite) => api.app.request(...postJson("/api/enroll", { invite })));
    // The crowd's checkouts are under way before she clicks.
    await expect.poll(() => api.enrollment.openingsUnderWay()).toBeGreaterThanOrEqual(7);
    // She has no link and is not signed in: anonymous, behind the crowd.
    const first = await api.app.request(...postForm("/api/enroll", { email: "form@example.com" }));
    expect(first.status).toBe(303);
    const location = first.headers.get("location") ?? "";
    expect(location).toMatch(/^\/enroll\/line\?ticket=/);
    // Her browser keeps her pass: clicking again keeps her place. Another browser typing her address does not.
    const pass = passCookieFrom(first);
    const again = await api.app.request(...withCookie(pass, postForm("/api/enroll", { email: "form@example.com" })));
    expect(again.headers.get("location")).toBe(location);
    const elsewhere = await api.app.request(...postForm("/api/enroll", { email: "form@example.com" }));
    expect(elsewhere.headers.get("location")).not.toBe(location);
    const url = await waitForCheckout(`/api/${location.slice(1)}`);
    expect(url).toMatch(/\/checkout\/cs_test_/);
    // Once open, her browser's next click goes straight there.
    const later = await api.app.request(...withCookie(pass, postForm("/api/enroll", { email: "form@example.com" })));
    expect(later.headers.get("location")).toBe(url);
    await Promise.all(crowd);
  }, 120_000);

  it("opens her checkout from her ticket alone after a restart lost her place", async () => {
    const user = await findOrCreateUser(api.services.database.db, "restarted@example.com");
    const ticket = lineTicket(api.services.appSecret, { kind: "account", userId: user.id }, windowId);
    const url = await waitForCheckout(`/api/enroll/line?ticket=${encodeURIComponent(ticket)}`);
    expect(url).toMatch(/\/checkout\/cs_test_/);
    // An anonymous visitor's too: her checkout opens without the address she typed, and Stripe asks for it.
    const anonymous = lineTicket(api.services.appSecret, { kind: "anonymous", anonymousId: "restarted" }, windowId);
    const hers = await waitForCheckout(`/api/enroll/line?ticket=${encodeURIComponent(anonymous)}`);
    const session = await api.services.billing.stripe.checkout.sessions.retrieve(
      new URL(hers).pathname.split("/").pop() ?? "",
    );
    expect(session).toMatchObject({ customer: null, customer_email: null, metadata: { anonymous: "1" } });
  }, 120_000);

  it("refuses a forged or damaged ticket with what to do", async () => {
    const ticket = lineTicket(api.services.appSecret, { kind: "account", userId: "usr_nobody" }, windowId);
    for (const bad of ["", "nonsense", `${ticket.slice(0, -2)}xx`]) {
      const response = await status(`/api/enroll/line?ticket=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toContain("click Enroll now again");
    }
  });
});

describe("a full line", () => {
  let api: TestApi;
  beforeAll(async () => {
    // One Stripe call every 20 s: two minutes of the longest wait hold six people.
    api = await createPacedApi(0.05);
    await createEnrollmentWindow(api.services.database.db, window);
  });
  afterAll(() => api.close());

  it("tells a newcomer that checkout is busy rather than promising a turn that would not come", async () => {
    const invites = await invitesFor(
      api,
      Array.from({ length: 8 }, (_, index) => `late${index}@example.com`),
    );
    const answers = [];
    for (const invite of invites) {
      const response = await api.app.request(...postJson("/api/enroll", { invite }));
      answers.push(response.status);
      if (response.status === 503) {
        expect(response.headers.get("retry-after")).toBe("30");
        expect((await response.json()).error.message).toContain("try again in a minute");
      }
    }
    // Six places (seven if the first checkout opened at once and left the line), then busy.
    expect(answers.slice(0, 6)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(answers.slice(6)).toContain(503);
    expect(answers.every((status) => status === 202 || status === 503)).toBe(true);
    // Someone already in line keeps her place.
    const again = await api.app.request(...postJson("/api/enroll", { invite: invites[5] }));
    expect(again.status).toBe(202);
  });
});
