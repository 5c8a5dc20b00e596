import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, postForm, postJson, signIn, type TestApi, withCookie } from "../testing.ts";

/** Her account answers carry her personal data: no browser or shared cache may keep any of them. */
describe("/api/account and caches", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it("answers every request with Cache-Control: no-store, signed in or not, JSON or form", async () => {
    const cookie = await signIn(api, "private@example.com");
    const responses = {
      account: await api.app.request(...withCookie(cookie)),
      export: await api.app.request(...withCookie(cookie, ["/api/account/export", {}])),
      signedOut: await api.app.request("/api/account"),
      mismatch: await api.app.request(
        ...withCookie(cookie, postJson("/api/account/delete", { confirm: "someone@example.com" })),
      ),
      formBack: await api.app.request(
        ...withCookie(cookie, postForm("/api/account/delete", { confirm: "someone@example.com" })),
      ),
      deleted: await api.app.request(
        ...withCookie(cookie, postForm("/api/account/delete", { confirm: "private@example.com" })),
      ),
    };
    expect(Object.fromEntries(Object.entries(responses).map(([name, response]) => [name, response.status]))).toEqual({
      account: 200,
      export: 200,
      signedOut: 401,
      mismatch: 422,
      formBack: 303,
      deleted: 303,
    });
    for (const [name, response] of Object.entries(responses)) {
      expect(response.headers.get("cache-control"), name).toBe("no-store");
    }
    expect(responses.export.headers.get("content-disposition")).toMatch(/^attachment; filename="strong-stride-data-/);
  });
});
