import { waitlistEntries } from "@academy/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, pageMessageFrom, postForm, postJson, TEST_SITE_URL, type TestApi } from "../testing.ts";

describe("POST /api/waitlist with bad input", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  // Every entry, confirmed or not: a refused join writes none.
  const count = async () => (await api.services.database.db.select().from(waitlistEntries)).length;

  it.each([
    [{ email: "not-an-email" }, "Enter an email address like name@example.com."],
    [{}, "Enter your email address."],
    [{ email: 42 }, "Enter your email address."],
    [{ email: `${"a".repeat(250)}@example.com` }, "That email address is too long."],
    [{ email: "ok@example.com", firstName: "x".repeat(81) }, "Keep your first name under 80 characters."],
  ])("answers 422 naming the field for %j", async (body, message) => {
    const before = await count();
    const response = await api.app.request(...postJson("/api/waitlist", body));
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: "invalid_input", message });
    expect(Object.values(error.fields)).toContain(message);
    expect(await count()).toBe(before);
  });

  it.each([
    [
      "a NUL byte in the first name, as JSON",
      postJson("/api/waitlist", { email: "nul@example.com", firstName: "A\u0000" }),
    ],
    ["a NUL byte in the source, as JSON", postJson("/api/waitlist", { email: "nul@example.com", source: "x\u0000" })],
    [
      "a NUL byte in the first name, as a form",
      postForm("/api/waitlist", { email: "nul@example.com", firstName: "A\u0000" }),
    ],
    [
      "a broken emoji in the first name",
      postJson("/api/waitlist", { email: "nul@example.com", firstName: "Ann \ud83c" }),
    ],
  ])("refuses %s with a message and stores nothing", async (_, request) => {
    const before = await count();
    const response = await api.app.request(...request);
    if (response.status === 303) {
      expect(pageMessageFrom(api, response)).toMatch(
        /^Remove the invisible or broken character from the (first name|source) field/,
      );
    } else {
      expect(response.status).toBe(422);
      expect((await response.json()).error.message).toMatch(/^Remove the invisible or broken character/);
    }
    expect(await count()).toBe(before);
  });

  it("refuses a query with a NUL byte with a 400 that says what to fix", async () => {
    const response = await api.app.request("/api/enroll/line?ticket=a%00b");
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "invalid_query" });
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await api.app.request("/api/waitlist", {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_SITE_URL },
      body: "{email:",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("malformed_body");
  });

  it("answers 415 for a body in another format", async () => {
    const response = await api.app.request("/api/waitlist", {
      method: "POST",
      headers: { "content-type": "text/plain", origin: TEST_SITE_URL },
      body: "a@b.co",
    });
    expect(response.status).toBe(415);
    expect((await response.json()).error.message).toContain("application/json");
  });

  it("answers 413 for an oversized body", async () => {
    const response = await api.app.request(
      ...postJson("/api/waitlist", { email: "big@example.com", firstName: "x".repeat(100_000) }),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("payload_too_large");
  });

  it("sends a form with a mistake to /join with the message and what she typed", async () => {
    const response = await api.app.request(
      ...postForm("/api/waitlist", { email: "nope", returnTo: "/articles/easy-running" }),
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "", TEST_SITE_URL);
    expect(location.pathname).toBe("/join");
    expect(pageMessageFrom(api, response)).toBe("Enter an email address like name@example.com.");
    expect(location.searchParams.get("email")).toBe("nope");
    expect(location.searchParams.get("returnTo")).toBe("/articles/easy-running");
  });
});

describe("POST /api/waitlist/confirm with bad input", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it("answers 422 when the token is missing, and sends a form back to the confirmation page with the message", async () => {
    const json = await api.app.request(...postJson("/api/waitlist/confirm", {}));
    expect(json.status).toBe(422);
    expect((await json.json()).error.message).toBe("The confirmation link is incomplete.");
    const form = await api.app.request(...postForm("/api/waitlist/confirm", { token: "" }));
    expect(form.status).toBe(303);
    expect(new URL(form.headers.get("location") ?? "", TEST_SITE_URL).pathname).toBe("/waitlist/confirm");
  });

  it("answers 400 for a token that was never signed, and 422 for a first name that is too long", async () => {
    const unsigned = await api.app.request(...postJson("/api/waitlist/confirm", { token: "wl_x.1" }));
    expect(unsigned.status).toBe(400);
    const long = await api.app.request(
      ...postJson("/api/waitlist/confirm", { token: "wl_x.1", firstName: "x".repeat(81) }),
    );
    expect(long.status).toBe(422);
    expect((await long.json()).error.message).toBe("Keep your first name under 80 characters.");
  });
});
