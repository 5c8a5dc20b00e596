import { countUnconfirmedWaitlist, countWaitlist, isOnWaitlist } from "@academy/db/queries/waitlist";
import { waitlistEntries } from "@academy/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, postForm, postJson, type TestApi } from "../testing.ts";
import {
  CONFIRMATION_SUBJECT,
  confirmFromInbox,
  freshNetwork,
  fromNetwork,
  join,
  mailTo,
  WELCOME_SUBJECT,
} from "./waitlist.testing.ts";

const CHECK_INBOX = "Check your inbox to confirm: click the link in the email we sent, and you're on the list.";

describe("POST /api/waitlist", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ trustProxy: 1 });
  });
  afterAll(() => api.close());

  const rows = () => api.services.database.db.select().from(waitlistEntries);

  it("records a reader, unconfirmed, with a normalised email, her first name and where she signed up", async () => {
    const response = await join(api, { email: "  Ruth.Baker@Example.COM ", firstName: " Ruth ", source: "home" });
    expect(await response.json()).toEqual({ joined: true, message: CHECK_INBOX });
    const [row] = (await rows()).filter((entry) => entry.email === "ruth.baker@example.com");
    expect(row).toMatchObject({ firstName: "Ruth", source: "home", unsubscribedAt: null, confirmedAt: null });
    expect(row?.id).toMatch(/^wl_[0-9a-z]{26}$/);
    expect(row?.consentText).toContain("unsubscribe");
    expect(await isOnWaitlist(api.services.database.db, "ruth.baker@example.com")).toBe(false);
  });

  it("gives the same answer to a second join and keeps one record", async () => {
    const first = await join(api, { email: "twice@example.com" });
    const second = await join(api, { email: "TWICE@example.com" });
    expect(await second.json()).toEqual(await first.json());
    expect((await rows()).filter((entry) => entry.email === "twice@example.com")).toHaveLength(1);
  });

  it("keeps one record and sends one confirmation when 100 joins of one email arrive at once", async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        api.app.request(...fromNetwork(freshNetwork(), postJson("/api/waitlist", { email: "rush@example.com" }))),
      ),
    );
    const statuses = responses.map((response) => response.status);
    // Five joins of one address a day; the rest are told to look in the inbox or wait.
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(95);
    expect((await rows()).filter((entry) => entry.email === "rush@example.com")).toHaveLength(1);
    expect(await mailTo(api, "rush@example.com", CONFIRMATION_SUBJECT)).toHaveLength(1);
  });

  it("sends a form post back to its page, where #joined asks her to confirm", async () => {
    const before = await countUnconfirmedWaitlist(api.services.database.db);
    const response = await api.app.request(
      ...fromNetwork(
        freshNetwork(),
        postForm("/api/waitlist", { email: "form@example.com", returnTo: "/articles/easy-running" }),
      ),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/articles/easy-running#joined");
    expect(await countUnconfirmedWaitlist(api.services.database.db)).toBe(before + 1);
  });

  it("never redirects a form to another site", async () => {
    for (const returnTo of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "/.//evil.example",
      "javascript:alert(1)",
    ]) {
      const response = await api.app.request(
        ...fromNetwork(freshNetwork(), postForm("/api/waitlist", { email: "safe@example.com", returnTo })),
      );
      expect(response.headers.get("location")).toBe("/#joined");
    }
  });
});

describe("confirming, the welcome email and unsubscribing", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ trustProxy: 1 });
  });
  afterAll(() => api.close());

  const db = () => api.services.database.db;
  const later = (ms: number) => api.setNow(new Date(api.services.clock.now().getTime() + ms));

  /** Joins and confirms; her welcome is then in the outbox. */
  const joinAndConfirm = async (email: string, firstName?: string) => {
    await join(api, firstName ? { email, firstName } : { email });
    const confirmed = await confirmFromInbox(api, email);
    expect(confirmed.headers.get("location")).toBe("/waitlist/confirm?done=1");
    const [welcome] = await mailTo(api, email, WELCOME_SUBJECT);
    if (!welcome) throw new Error(`no welcome for ${email}`);
    return welcome;
  };

  const oneClickUnsubscribe = async (welcome: { headers: Record<string, string> }) => {
    const endpoint = /^<(.+)>$/.exec(welcome.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
    return api.app.request(endpoint.replace("http://localhost:4321", ""), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
  };

  it("puts her on the list from the emailed link, and welcomes her once by name, however often she joins", async () => {
    await Promise.all(
      Array.from({ length: 5 }, () =>
        api.app.request(
          ...fromNetwork(freshNetwork(), postJson("/api/waitlist", { email: "hello@example.com", firstName: "Ana" })),
        ),
      ),
    );
    expect(await mailTo(api, "hello@example.com", CONFIRMATION_SUBJECT)).toHaveLength(1);
    expect(await isOnWaitlist(db(), "hello@example.com")).toBe(false);

    const response = await confirmFromInbox(api, "hello@example.com");
    expect(response.status).toBe(303);
    expect(await isOnWaitlist(db(), "hello@example.com")).toBe(true);
    // Pressing the button twice (or opening an older link) changes nothing and sends nothing more.
    expect((await confirmFromInbox(api, "hello@example.com")).headers.get("location")).toBe("/waitlist/confirm?done=1");
    const welcomes = await mailTo(api, "hello@example.com", WELCOME_SUBJECT);
    expect(welcomes).toHaveLength(1);
    const [welcome] = welcomes;
    expect(welcome?.text).toContain("Hi Ana,");
    expect(welcome?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(welcome?.headers["List-Unsubscribe"]).toMatch(
      /^<http:\/\/localhost:4321\/api\/waitlist\/unsubscribe\?token=wl_/,
    );
  });

  it("answers JSON callers of the confirmation with the address confirmed", async () => {
    await join(api, { email: "json@example.com" });
    const [message] = await mailTo(api, "json@example.com", CONFIRMATION_SUBJECT);
    const token = decodeURIComponent(/token=([^\s"&]+)/.exec(message?.text ?? "")?.[1] ?? "");
    const response = await api.app.request(...postJson("/api/waitlist/confirm", { token }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ confirmed: true, email: "json@example.com" });
    expect(await countWaitlist(db())).toBeGreaterThanOrEqual(1);
  });

  it("greets her by the name she confirms, not the one typed with the join", async () => {
    await join(api, { email: "renamed@example.com", firstName: "Someone Else" });
    await confirmFromInbox(api, "renamed@example.com", { firstName: " Bea " });
    const [welcome] = await mailTo(api, "renamed@example.com", WELCOME_SUBJECT);
    expect(welcome?.text).toContain("Hi Bea,");
  });

  it("unsubscribes with the one-click POST a mail client sends, from no page and without an Origin", async () => {
    const welcome = await joinAndConfirm("bye@example.com");
    const response = await oneClickUnsubscribe(welcome);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ unsubscribed: true, email: "bye@example.com" });
    expect(await isOnWaitlist(db(), "bye@example.com")).toBe(false);
  });

  it("refuses a forged unsubscribe link and keeps her on the list", async () => {
    const welcome = await joinAndConfirm("stay@example.com");
    const endpoint = /^<(.+)>$/.exec(welcome.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
    const forged = `${endpoint.replace("http://localhost:4321", "").slice(0, -3)}AAA`;
    const response = await api.app.request(forged, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(response.status).toBe(400);
    expect(await isOnWaitlist(db(), "stay@example.com")).toBe(true);
  });

  it("joining again after unsubscribing puts her back on the list once she confirms from her inbox", async () => {
    const welcome = await joinAndConfirm("back@example.com");
    later(60_000);
    await oneClickUnsubscribe(welcome);
    later(60_000);
    await join(api, { email: "back@example.com" });
    expect(await isOnWaitlist(db(), "back@example.com")).toBe(false);
    await confirmFromInbox(api, "back@example.com");
    expect(await isOnWaitlist(db(), "back@example.com")).toBe(true);
  });
});
