import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  postForm,
  postJson,
  readSignInEmail,
  sessionCookieFrom,
  signIn,
  type TestApi,
  withCookie,
} from "../testing.ts";

describe("signing in by email", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it("emails one message with a link and a six-digit code", async () => {
    const response = await api.app.request(...postJson("/api/auth/sign-in", { email: " Maya@Example.com" }));
    expect(response.status).toBe(200);
    expect((await response.json()).message).toContain("Check your inbox");
    const { message, token, code } = await readSignInEmail(api, "maya@example.com");
    expect(message.subject).toBe(`Your sign-in code: ${code}`);
    expect(message.from).toContain("Strong Stride Academy");
    expect(message.html).toContain(code);
    expect(message.text).toContain(`http://localhost:4321/sign-in/confirm?token=`);
    expect(token).toMatch(/^tok_\w+\.[a-z2-7]{52}$/);
  });

  it("signs her in by the link and the cookie then opens her account", async () => {
    await api.app.request(...postJson("/api/auth/sign-in", { email: "link@example.com" }));
    const { token } = await readSignInEmail(api, "link@example.com");
    const response = await api.app.request(...postJson("/api/auth/verify-link", { token }));
    expect(response.status).toBe(200);
    const account = await api.app.request(...withCookie(sessionCookieFrom(response)));
    expect(account.status).toBe(200);
    expect((await account.json()).user).toMatchObject({ email: "link@example.com", admin: false });
  });

  it("signs her in by the code from a plain form and sends her where she was going", async () => {
    await api.app.request(...postForm("/api/auth/sign-in", { email: "form@example.com", returnTo: "/account" }));
    const { code } = await readSignInEmail(api, "form@example.com");
    const response = await api.app.request(
      ...postForm("/api/auth/verify-code", { email: "form@example.com", code: `${code.slice(0, 3)} ${code.slice(3)}` }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account");
    expect(sessionCookieFrom(response)).toMatch(/^session=ses_/);
  });

  it("knows the coach as admin", async () => {
    const cookie = await signIn(api, "coach@example.com");
    const account = await api.app.request(...withCookie(cookie));
    expect((await account.json()).user.admin).toBe(true);
  });

  it("makes a new session on every sign-in, and sign-out ends only this one", async () => {
    const laptop = await signIn(api, "two@example.com");
    const phone = await signIn(api, "two@example.com");
    expect(laptop).not.toBe(phone);
    const sessions = (await (await api.app.request(...withCookie(phone))).json()).sessions;
    expect(sessions).toHaveLength(2);

    const out = await api.app.request(...withCookie(phone, postJson("/api/auth/sign-out", {})));
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await api.app.request(...withCookie(phone))).status).toBe(401);
    expect((await api.app.request(...withCookie(laptop))).status).toBe(200);
  });

  it("signs out everywhere", async () => {
    const laptop = await signIn(api, "every@example.com");
    const phone = await signIn(api, "every@example.com");
    const response = await api.app.request(...withCookie(phone, postJson("/api/auth/sign-out-everywhere", {})));
    expect(await response.json()).toEqual({ signedOut: true, sessionsEnded: 2 });
    expect((await api.app.request(...withCookie(laptop))).status).toBe(401);
    expect((await api.app.request(...withCookie(phone))).status).toBe(401);
  });

  it("ends one other session from the account page", async () => {
    const laptop = await signIn(api, "one@example.com");
    const phone = await signIn(api, "one@example.com");
    const { sessions } = await (await api.app.request(...withCookie(phone))).json();
    const other = sessions.find((session: { current: boolean }) => !session.current);
    const response = await api.app.request(
      ...withCookie(phone, postForm(`/api/auth/sessions/${other.id}/sign-out`, {})),
    );
    expect(response.headers.get("location")).toBe("/account#sessions");
    expect((await api.app.request(...withCookie(laptop))).status).toBe(401);
    expect((await api.app.request(...withCookie(phone))).status).toBe(200);
  });

  it("exports her data as JSON and deletes her account on confirmation", async () => {
    await api.app.request(...postJson("/api/waitlist", { email: "leaving@example.com", firstName: "Lee" }));
    const cookie = await signIn(api, "leaving@example.com");
    const exported = await api.app.request(...withCookie(cookie, ["/api/account/export", {}]));
    expect(exported.headers.get("content-disposition")).toContain("attachment");
    const data = await exported.json();
    expect(data.account.email).toBe("leaving@example.com");
    expect(data.waitlist[0]).toMatchObject({ firstName: "Lee" });
    expect(data.sessions).toHaveLength(1);

    const refused = await api.app.request(
      ...withCookie(cookie, postJson("/api/account/delete", { confirm: "someone@example.com" })),
    );
    expect(refused.status).toBe(422);
    const deleted = await api.app.request(
      ...withCookie(cookie, postJson("/api/account/delete", { confirm: "Leaving@example.com" })),
    );
    expect(await deleted.json()).toEqual({ deleted: true });
    expect((await api.app.request(...withCookie(cookie))).status).toBe(401);
    const again = await api.app.request(
      ...withCookie(await signIn(api, "leaving@example.com"), ["/api/account/export", {}]),
    );
    expect((await again.json()).waitlist).toEqual([]);
  });
});
