/**
 * Builds the API on the platform's test services: a fresh test database (PGlite, or PostgreSQL in the
 * postgres project) with a clock the test controls.
 *
 * @example
 * const api = await createTestApi();
 * afterAll(() => api.close());
 * const response = await api.app.request("/api/health");
 */
import { listOutbox } from "@academy/mail";
import { readPageMessage } from "@academy/platform/page-messages";
import type { Services } from "@academy/platform/services";
import { createTestServices, TEST_SITE_URL, type TestServices } from "@academy/platform/testing";
import { type StripeEvent, signWebhookPayload } from "@academy/stripe-local";
import { createApp } from "./app.ts";

export { TEST_ADMIN_EMAIL, TEST_SITE_URL } from "@academy/platform/testing";

/** An enrollment window whose doors are open to everyone on the test clock's day. */
export const OPEN_WINDOW = {
  name: "Open now",
  priorityOpensAt: new Date("2026-05-01T00:00:00Z"),
  publicOpensAt: new Date("2026-05-02T00:00:00Z"),
  closesAt: new Date("2026-12-31T00:00:00Z"),
  timeZone: "UTC",
  capacity: null,
};

/** The coach's spring window as her form sends it: wall times in her time zone. */
export const SPRING_WINDOW_FORM = {
  name: "Spring 2027",
  priorityOpensAt: "2027-03-14T10:00",
  publicOpensAt: "2027-03-17T10:00",
  closesAt: "2027-03-20T20:00",
  timeZone: "America/Denver",
  capacity: "",
};

export interface TestApi extends TestServices {
  app: ReturnType<typeof createApp>;
}

export async function createTestApi(overrides: Partial<Omit<Services, "database" | "clock">> = {}): Promise<TestApi> {
  const platform = await createTestServices(overrides);
  return { ...platform, app: createApp(platform.services) };
}

/** A JSON POST as a browser on the site would send it. */
export function postJson(path: string, body: unknown): [string, RequestInit] {
  return [
    path,
    {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_SITE_URL },
      body: JSON.stringify(body),
    },
  ];
}

/** A plain HTML form POST as a browser on the site would send it. */
export function postForm(path: string, fields: Record<string, string>): [string, RequestInit] {
  return [
    path,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: TEST_SITE_URL },
      body: new URLSearchParams(fields).toString(),
    },
  ];
}

/** The newest sign-in email to `to` from the outbox, with the link token and code found in it. */
export async function readSignInEmail(api: TestApi, to: string) {
  const messages = await listOutbox(api.services.database.db, { to, limit: 20 });
  const message = messages.find((candidate) => candidate.subject.startsWith("Your sign-in code"));
  if (!message) throw new Error(`no sign-in email to ${to}`);
  const token = /token=([^"\s&]+)/.exec(message.text)?.[1];
  const code = /code on the sign-in page: (\d{6})/.exec(message.text)?.[1];
  if (!token || !code) throw new Error(`no sign-in link or code in: ${message.text}`);
  return { message, token: decodeURIComponent(token), code };
}

/** `name=value` of the session cookie a response set, for the next request's Cookie header. */
export function sessionCookieFrom(response: Response): string {
  const header = response.headers.getSetCookie().find((cookie) => /^(__Host-)?session=./.test(cookie));
  if (!header) throw new Error("the response set no session cookie");
  return header.split(";")[0] ?? "";
}

/** Signs `email` in through the emailed code and returns the Cookie header value. */
export async function signIn(api: TestApi, email: string): Promise<string> {
  await api.app.request(...postJson("/api/auth/sign-in", { email }));
  const { code } = await readSignInEmail(api, email);
  const response = await api.app.request(...postJson("/api/auth/verify-code", { email, code }));
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return sessionCookieFrom(response);
}

/** A request with the session cookie, as the signed-in browser sends it. */
export function withCookie(
  cookie: string,
  [path, init]: [string, RequestInit] = ["/api/account", {}],
): [string, RequestInit] {
  return [path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }];
}

/** The message a form's redirect carries in `param`, as the page will show it (only when the API signed it). */
export function pageMessageFrom(api: TestApi, response: Response, param = "error"): string | undefined {
  const location = new URL(response.headers.get("location") ?? "", TEST_SITE_URL);
  return readPageMessage(api.services.appSecret, location, param);
}

/** Delivers one Stripe event to the app exactly as Stripe would: the JSON body, signed (now, or at `signedAt`). */
export function deliverWebhook(
  app: TestApi["app"],
  event: StripeEvent,
  secret: string,
  options: { signature?: string; signedAt?: number } = {},
): Response | Promise<Response> {
  const payload = JSON.stringify(event);
  const signature =
    options.signature ?? signWebhookPayload(payload, secret, options.signedAt ?? Math.floor(Date.now() / 1000));
  return app.request("/api/billing/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
}

/** Delivers, in order, every event of the test's stripe-local not in `delivered` yet, and notes each there. */
export async function deliverNewWebhooks(api: TestApi, delivered: Set<string>): Promise<void> {
  const local = api.services.billing.local;
  if (!local) throw new Error("tests run on stripe-local");
  for (const event of local.events()) {
    if (delivered.has(event.id)) continue;
    const response = await deliverWebhook(api.app, event, api.services.billing.webhookSecret);
    if (response.status !== 200) throw new Error(`webhook ${event.type} answered ${response.status}`);
    delivered.add(event.id);
  }
}
