import { countWaitlist } from "@academy/db/queries/waitlist";
import { waitlistEntries } from "@academy/db/schema";
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
    for (const returnTo of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]) {
      const response = await api.app.request(...postForm("/api/waitlist", { email: "safe@example.com", returnTo }));
      expect(response.headers.get("location")).toBe("/#joined");
    }
  });
});
