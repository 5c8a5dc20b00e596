/**
 * Builds the API on a fresh test database (PGlite, or PostgreSQL in the postgres project) with a clock
 * the test controls.
 *
 * @example
 * const api = await createTestApi();
 * afterAll(() => api.close());
 * const response = await api.app.request("/api/health");
 */

import { fileURLToPath } from "node:url";
import { sessionCookieFor } from "@academy/auth";
import { createTestDatabase } from "@academy/db/testing";
import { CAMPAIGN_QUEUE, campaignQueueOptions, createJobs } from "@academy/jobs";
import { createOutboxMailer, listOutbox } from "@academy/mail";
import { inject } from "vitest";
import { createApp } from "./app.ts";
import { createStripePacers } from "./billing/checkout.ts";
import { createStripeBilling } from "./billing/stripe-billing.ts";
import { createCurrentWindow } from "./doors/current-window.ts";
import type { Clock, Services } from "./services.ts";
import { loadPlans } from "./training/plans.ts";
import { startWelcomeEmails } from "./waitlist/welcome-emails.ts";

export interface TestApi {
  app: ReturnType<typeof createApp>;
  services: Services;
  /** Moves the test clock to `when`. */
  setNow(when: Date): void;
  close(): Promise<void>;
}

export const TEST_SITE_URL = "http://localhost:4321";
export const TEST_ADMIN_EMAIL = "coach@example.com";

export async function createTestApi(overrides: Partial<Omit<Services, "database" | "clock">> = {}): Promise<TestApi> {
  const database = await createTestDatabase(inject("databaseUrl"));
  let now = new Date("2026-06-01T09:00:00Z");
  const clock: Clock = { now: () => new Date(now) };
  // stripe-local without a webhook URL: tests deliver its events to the app themselves.
  const billing = await createStripeBilling({
    secretKey: undefined,
    webhookSecret: undefined,
    monthlyPrice: "membership_monthly",
    webhookUrl: "",
    clock,
  });
  // Background jobs without maintenance; tests that send launch emails start the workers themselves.
  const jobs = await createJobs({ database, queues: { [CAMPAIGN_QUEUE]: campaignQueueOptions }, supervise: false });
  const mailer = overrides.mailer ?? createOutboxMailer(database.db, "Strong Stride Academy <coach@example.com>");
  const appSecret = overrides.appSecret ?? "test-secret-test-secret-test-secret-123";
  const welcomeEmails = startWelcomeEmails({ database, mailer, siteUrl: TEST_SITE_URL, appSecret });
  const services: Services = {
    database,
    clock,
    siteUrl: TEST_SITE_URL,
    mailer,
    welcomeEmails,
    // Tests write windows straight to the database and move the clock: every call reads afresh.
    currentWindow: createCurrentWindow(database.db, { maxAgeMs: 0 }),
    sessionCookie: sessionCookieFor(TEST_SITE_URL),
    adminEmails: [TEST_ADMIN_EMAIL],
    trustProxy: false,
    appSecret,
    billing,
    jobs,
    stripePacers: createStripePacers(20),
    plans: loadPlans(fileURLToPath(new URL("../../../content/plans", import.meta.url))),
    ...overrides,
  };
  return {
    app: createApp(services),
    services,
    setNow: (when) => {
      now = when;
    },
    async close() {
      await welcomeEmails.stop();
      await jobs.stop();
      await billing.close();
      await database.close();
    },
  };
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
