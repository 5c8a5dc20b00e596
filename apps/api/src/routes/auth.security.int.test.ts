import { sessionCookieFor } from "@academy/auth";
import { sessions, signInChallenges } from "@academy/db/schema";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
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

const MINUTE = 60_000;

/** `name=value` of a cookie the response set, for the next request's Cookie header. */
function cookieFrom(response: Response, name: string): string {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  if (!header) throw new Error(`the response set no ${name} cookie`);
  return header.split(";")[0] ?? "";
}

/** Asks for a sign-in email for `email` and returns the Cookie header of the browser that asked. */
async function askForCode(api: TestApi, email: string): Promise<string> {
  const response = await api.app.request(...postJson("/api/auth/sign-in", { email }));
  expect(response.status).toBe(200);
  return cookieFrom(response, "browser");
}

/** Signs in with the emailed code from a fresh browser; the response carries the session and device cookies. */
async function signInResponse(api: TestApi, email: string): Promise<Response> {
  const browser = await askForCode(api, email);
  const { code } = await readSignInEmail(api, email);
  return api.app.request(...withCookie(browser, postJson("/api/auth/verify-code", { email, code })));
}

const deviceCookieFrom = (response: Response) => cookieFrom(response, "device");
const DAY = 24 * 60 * MINUTE;

describe("sign-in security", () => {
  let api: TestApi;
  let start: Date;
  beforeAll(async () => {
    api = await createTestApi();
    start = api.services.clock.now();
  });
  afterAll(() => api.close());

  const at = (offsetMs: number) => api.setNow(new Date(start.getTime() + offsetMs));

  it("never stores a token, a secret or a code as it was sent", async () => {
    at(0);
    const response = await api.app.request(...postJson("/api/auth/sign-in", { email: "raw@example.com" }));
    expect(response.status).toBe(200);
    const { token, code } = await readSignInEmail(api, "raw@example.com");
    const verified = await api.app.request(...postJson("/api/auth/verify-code", { email: "raw@example.com", code }));
    const cookieToken = sessionCookieFrom(verified).split("=")[1] ?? "";
    const [linkSecret] = token.split(".").slice(1);
    const [sessionSecret] = cookieToken.split(".").slice(1);
    const stored = JSON.stringify([
      await api.services.database.db.select().from(sessions),
      await api.services.database.db.select().from(signInChallenges),
    ]);
    expect(linkSecret && sessionSecret).toBeTruthy();
    expect(stored).not.toContain(linkSecret);
    expect(stored).not.toContain(sessionSecret);
    expect(stored).not.toContain(`"${code}"`);
  });

  it("sets the cookie HttpOnly, SameSite=Lax, Path=/ and, on https, __Host- and Secure", async () => {
    at(0);
    const local = await api.app.request(...postJson("/api/auth/sign-in", { email: "cookie@example.com" }));
    expect(local.status).toBe(200);
    const { code } = await readSignInEmail(api, "cookie@example.com");
    const response = await api.app.request(...postJson("/api/auth/verify-code", { email: "cookie@example.com", code }));
    const header = response.headers.get("set-cookie") ?? "";
    expect(header).toMatch(/^session=ses_[a-z0-9]+\.[a-z2-7]{52}; /);
    expect(header).toContain("HttpOnly");
    expect(header).toContain("SameSite=Lax");
    expect(header).toContain("Path=/");
    expect(header).toContain(`Max-Age=${30 * 24 * 60 * 60}`);
    expect(header).not.toContain("Domain=");

    const siteUrl = "https://academy.example.com";
    const production = createApp({ ...api.services, siteUrl, sessionCookie: sessionCookieFor(siteUrl) });
    await production.request("/api/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json", origin: siteUrl },
      body: JSON.stringify({ email: "secure@example.com" }),
    });
    const secureCode = (await readSignInEmail(api, "secure@example.com")).code;
    const secure = await production.request("/api/auth/verify-code", {
      method: "POST",
      headers: { "content-type": "application/json", origin: siteUrl },
      body: JSON.stringify({ email: "secure@example.com", code: secureCode }),
    });
    const secureHeader = secure.headers.get("set-cookie") ?? "";
    expect(secureHeader).toMatch(/^__Host-session=/);
    expect(secureHeader).toContain("; Secure");
  });

  it.each([
    ["a JSON post from another origin", { "content-type": "application/json", origin: "https://evil.example" }],
    [
      "a form post from another origin",
      { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    ],
    ["a post the browser marks cross-site", { "content-type": "application/json", "sec-fetch-site": "cross-site" }],
    ["a post from a sibling subdomain", { "content-type": "application/json", "sec-fetch-site": "same-site" }],
  ])("refuses %s with 403 and changes nothing", async (_, headers) => {
    const cookie = await signIn(api, "victim@example.com");
    const body = headers["content-type"] === "application/json" ? "{}" : "";
    const response = await api.app.request("/api/auth/sign-out-everywhere", {
      method: "POST",
      headers: { ...headers, cookie },
      body,
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("cross_site_request");
    expect((await api.app.request(...withCookie(cookie))).status).toBe(200);
  });

  it("refuses a link after 10 minutes, and a link used once", async () => {
    at(0);
    await api.app.request(...postJson("/api/auth/sign-in", { email: "late@example.com" }));
    const late = await readSignInEmail(api, "late@example.com");
    at(10 * MINUTE + 1000);
    const expired = await api.app.request(...postJson("/api/auth/verify-link", { token: late.token }));
    expect(expired.status).toBe(410);
    expect((await expired.json()).error.message).toContain("expired");

    at(0);
    await api.app.request(...postJson("/api/auth/sign-in", { email: "once@example.com" }));
    const once = await readSignInEmail(api, "once@example.com");
    expect((await api.app.request(...postJson("/api/auth/verify-link", { token: once.token }))).status).toBe(200);
    expect((await api.app.request(...postJson("/api/auth/verify-link", { token: once.token }))).status).toBe(410);
    const code = await api.app.request(
      ...postJson("/api/auth/verify-code", { email: "once@example.com", code: once.code }),
    );
    expect(code.status).toBe(400);
    expect((await code.json()).error.message).toContain("no longer works");
  });

  it("refuses a forged link", async () => {
    at(0);
    await api.app.request(...postJson("/api/auth/sign-in", { email: "forge@example.com" }));
    const { token } = await readSignInEmail(api, "forge@example.com");
    const [id] = token.split(".");
    const forged = `${id}.${"a".repeat(52)}`;
    const response = await api.app.request(...postJson("/api/auth/verify-link", { token: forged }));
    expect(response.status).toBe(410);
    expect((await response.json()).error.code).toBe("sign_in_invalid");
  });

  it("burns a code after five wrong tries in her browser, so even the right one then fails", async () => {
    at(0);
    const browser = await askForCode(api, "guess@example.com");
    const { code } = await readSignInEmail(api, "guess@example.com");
    const wrong = code === "000000" ? "111111" : "000000";
    const answers: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await api.app.request(
        ...withCookie(browser, postJson("/api/auth/verify-code", { email: "guess@example.com", code: wrong })),
      );
      answers.push((await response.json()).error.message);
    }
    expect(answers[0]).toContain("4 tries left");
    expect(answers[3]).toContain("1 try left");
    expect(answers[4]).toContain("Too many wrong codes");
    const right = await api.app.request(
      ...withCookie(browser, postJson("/api/auth/verify-code", { email: "guess@example.com", code })),
    );
    expect(right.status).toBe(400);
    expect((await right.json()).error.message).toContain("no longer works");
  });

  it("checks exactly five codes from a burst of 30 concurrent guesses", async () => {
    at(4 * DAY);
    const browser = await askForCode(api, "burst@example.com");
    const { code } = await readSignInEmail(api, "burst@example.com");
    const wrong = code === "000000" ? "111111" : "000000";
    const answers = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const response = await api.app.request(
          ...withCookie(browser, postJson("/api/auth/verify-code", { email: "burst@example.com", code: wrong })),
        );
        return (await response.json()).error.message as string;
      }),
    );
    const triesLeft = answers.flatMap((message) => /\((\d) tr(?:y|ies) left\)/.exec(message)?.[1] ?? []).sort();
    expect(triesLeft).toEqual(["1", "2", "3", "4"]);
    const [challenge] = await api.services.database.db
      .select()
      .from(signInChallenges)
      .where(eq(signInChallenges.email, "burst@example.com"));
    expect(challenge?.failedAttempts).toBe(5);
    expect(challenge?.consumedAt).not.toBeNull();
  });

  it("never lets another browser's guesses burn her code", async () => {
    at(5 * DAY);
    const browser = await askForCode(api, "target@example.com");
    const { code } = await readSignInEmail(api, "target@example.com");
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 0; attempt < 8; attempt++) {
      const guess = await api.app.request(
        ...postJson("/api/auth/verify-code", { email: "target@example.com", code: wrong }),
      );
      expect(guess.status).toBe(400);
    }
    const hers = await api.app.request(
      ...withCookie(browser, postJson("/api/auth/verify-code", { email: "target@example.com", code })),
    );
    expect(hers.status).toBe(200);
  });

  it("tells another browser nothing about whether a code is pending", async () => {
    at(6 * DAY);
    await askForCode(api, "pending@example.com");
    const probe = async (email: string) => {
      const response = await api.app.request(...postJson("/api/auth/verify-code", { email, code: "123456" }));
      return { status: response.status, error: { ...(await response.json()).error, requestId: undefined } };
    };
    expect(await probe("pending@example.com")).toEqual(await probe("nobody-asked@example.com"));
  });

  it("never locks the owner out: strangers use up the address's limit, her own device still gets a link", async () => {
    at(7 * DAY);
    const email = "owner@example.com";
    const device = deviceCookieFrom(await signInResponse(api, email));
    for (let sent = 0; sent < 8; sent++) await api.app.request(...postJson("/api/auth/sign-in", { email }));
    const stranger = await api.app.request(...postJson("/api/auth/sign-in", { email }));
    expect(stranger.status).toBe(429);
    const hers = await api.app.request(...withCookie(device, postJson("/api/auth/sign-in", { email })));
    expect(hers.status).toBe(200);
    const forged = await api.app.request(
      ...withCookie(`${device.split("=")[0]}=${email}%20x.forged`, postJson("/api/auth/sign-in", { email })),
    );
    expect(forged.status).toBe(429);
  });

  it("answers known and unknown emails identically", async () => {
    at(0);
    await signIn(api, "known@example.com");
    const known = await api.app.request(...postJson("/api/auth/sign-in", { email: "known@example.com" }));
    const unknown = await api.app.request(...postJson("/api/auth/sign-in", { email: "stranger@example.com" }));
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    const knownForm = await api.app.request(...postForm("/api/auth/sign-in", { email: "known@example.com" }));
    const unknownForm = await api.app.request(...postForm("/api/auth/sign-in", { email: "stranger@example.com" }));
    expect(knownForm.headers.get("location")?.replace("known", "X")).toBe(
      unknownForm.headers.get("location")?.replace("stranger", "X"),
    );
  });

  it("limits links per email with 429 and Retry-After, and the limit survives a restart", async () => {
    at(DAY);
    const email = "flood@example.com";
    for (let sent = 0; sent < 8; sent++) {
      expect((await api.app.request(...postJson("/api/auth/sign-in", { email }))).status).toBe(200);
    }
    const limited = await api.app.request(...postJson("/api/auth/sign-in", { email }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.message).toMatch(/Too many attempts\. Please wait \d+ minutes?/);

    const restarted = createApp(api.services);
    expect((await restarted.request(...postJson("/api/auth/sign-in", { email }))).status).toBe(429);
    const form = await restarted.request(...postForm("/api/auth/sign-in", { email }));
    expect(form.headers.get("location")).toMatch(/^\/sign-in\?error=Too\+many/);
  });

  it("counts code checks per client behind the proxy, whatever X-Forwarded-For the client writes itself", async () => {
    at(9 * DAY);
    const behindProxy = createApp({ ...api.services, trustProxy: 1 });
    const statuses: number[] = [];
    for (let check = 0; check < 31; check++) {
      const response = await behindProxy.request("/api/auth/verify-code", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "http://localhost:4321",
          // The client made up the first entry; the proxy appended the address it really heard from.
          "x-forwarded-for": `10.0.${check}.1, 203.0.113.9`,
        },
        body: JSON.stringify({ email: "proxy@example.com", code: "123456" }),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("ends a session after 30 idle days, slides while she visits, and ends it at 90 days regardless", async () => {
    at(2 * DAY);
    const idle = await signIn(api, "idle@example.com");
    const active = await signIn(api, "active@example.com");
    for (let day = 2 + 20; day <= 2 + 80; day += 20) {
      at(day * DAY);
      expect((await api.app.request(...withCookie(active))).status).toBe(200);
    }
    at((2 + 31) * DAY);
    expect((await api.app.request(...withCookie(idle))).status).toBe(401);
    at((2 + 90) * DAY + MINUTE);
    expect((await api.app.request(...withCookie(active))).status).toBe(401);
  });

  it("renews the session cookie at most once an hour", async () => {
    at(200 * DAY);
    const cookie = await signIn(api, "hourly@example.com");
    at(200 * DAY + 30 * MINUTE);
    const soon = await api.app.request(...withCookie(cookie));
    expect(soon.headers.get("set-cookie")).toBeNull();
    at(200 * DAY + 61 * MINUTE);
    const later = await api.app.request(...withCookie(cookie));
    expect(later.headers.get("set-cookie")).toMatch(/^session=ses_/);
  });

  it("refuses a cookie that is not a live session and clears it", async () => {
    const response = await api.app.request(...withCookie("session=ses_abc.aaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await response.json()).error.message).toContain("Sign in");
  });
});
