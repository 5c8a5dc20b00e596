import { countWaitlist, isOnWaitlist } from "@academy/db/queries/waitlist";
import { waitlistEntries } from "@academy/db/schema";
import { listOutbox } from "@academy/mail";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, postForm, postJson, type TestApi } from "../testing.ts";

describe("POST /api/waitlist", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  const rows = () => api.services.database.db.select().from(waitlistEntries);

  it("adds a reader with a normalised email, her first name and where she signed up", async () => {
    const response = await api.app.request(
      ...postJson("/api/waitlist", { email: "  Ruth.Baker@Example.COM ", firstName: " Ruth ", source: "home" }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ joined: true, message: expect.stringContaining("on the list") });
    const [row] = (await rows()).filter((entry) => entry.email === "ruth.baker@example.com");
    expect(row).toMatchObject({ firstName: "Ruth", source: "home", unsubscribedAt: null });
    expect(row?.id).toMatch(/^wl_[0-9a-z]{26}$/);
    expect(row?.consentText).toContain("unsubscribe");
  });

  it("gives the same answer to a second join and keeps one record", async () => {
    const first = await api.app.request(...postJson("/api/waitlist", { email: "twice@example.com" }));
    const second = await api.app.request(...postJson("/api/waitlist", { email: "TWICE@example.com" }));
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect((await rows()).filter((entry) => entry.email === "twice@example.com")).toHaveLength(1);
  });

  it("keeps exactly one record when 100 joins of one email arrive at once", async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => api.app.request(...postJson("/api/waitlist", { email: "rush@example.com" }))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(100).fill(200));
    expect((await rows()).filter((entry) => entry.email === "rush@example.com")).toHaveLength(1);
  });

  it("sends a form post back to its page, where #joined shows the confirmation", async () => {
    const before = await countWaitlist(api.services.database.db);
    const response = await api.app.request(
      ...postForm("/api/waitlist", { email: "form@example.com", returnTo: "/articles/easy-running" }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/articles/easy-running#joined");
    expect(await countWaitlist(api.services.database.db)).toBe(before + 1);
  });

  it("never redirects a form to another site", async () => {
    for (const returnTo of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "/.//evil.example",
      "javascript:alert(1)",
    ]) {
      const response = await api.app.request(...postForm("/api/waitlist", { email: "safe@example.com", returnTo }));
      expect(response.headers.get("location")).toBe("/#joined");
    }
  });
});

describe("the waitlist welcome email and unsubscribing", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  const welcomeFor = async (to: string) => {
    await api.services.welcomeEmails.flush();
    const messages = await listOutbox(api.services.database.db, { to });
    return messages.filter((message) => message.subject === "You're on the list");
  };

  it("sends one welcome with one-click unsubscribe headers, however often she joins", async () => {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        api.app.request(...postJson("/api/waitlist", { email: "hello@example.com", firstName: "Ana" })),
      ),
    );
    const welcomes = await welcomeFor("hello@example.com");
    expect(welcomes).toHaveLength(1);
    const [welcome] = welcomes;
    expect(welcome?.text).toContain("Hi Ana,");
    expect(welcome?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(welcome?.headers["List-Unsubscribe"]).toMatch(
      /^<http:\/\/localhost:4321\/api\/waitlist\/unsubscribe\?token=wl_/,
    );
  });

  it("unsubscribes with the one-click POST a mail client sends, from no page and without an Origin", async () => {
    await api.app.request(...postJson("/api/waitlist", { email: "bye@example.com" }));
    const [welcome] = await welcomeFor("bye@example.com");
    const endpoint = /^<(.+)>$/.exec(welcome?.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
    const response = await api.app.request(endpoint.replace("http://localhost:4321", ""), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ unsubscribed: true, email: "bye@example.com" });
    expect(await isOnWaitlist(api.services.database.db, "bye@example.com")).toBe(false);
  });

  it("refuses a forged unsubscribe link and keeps her on the list", async () => {
    await api.app.request(...postJson("/api/waitlist", { email: "stay@example.com" }));
    const [welcome] = await welcomeFor("stay@example.com");
    const endpoint = /^<(.+)>$/.exec(welcome?.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
    const forged = `${endpoint.replace("http://localhost:4321", "").slice(0, -3)}AAA`;
    const response = await api.app.request(forged, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(response.status).toBe(400);
    expect(await isOnWaitlist(api.services.database.db, "stay@example.com")).toBe(true);
  });

  it("joining again after unsubscribing puts her back on the list", async () => {
    await api.app.request(...postJson("/api/waitlist", { email: "back@example.com" }));
    const [welcome] = await welcomeFor("back@example.com");
    const endpoint = /^<(.+)>$/.exec(welcome?.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
    await api.app.request(endpoint.replace("http://localhost:4321", ""), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    await api.app.request(...postJson("/api/waitlist", { email: "back@example.com" }));
    expect(await isOnWaitlist(api.services.database.db, "back@example.com")).toBe(true);
  });
});
