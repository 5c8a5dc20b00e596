/**
 * The platform's services on a fresh test database (PGlite, or PostgreSQL in the postgres project) with a
 * clock the test controls. `@academy/api/testing` builds the API app on top of them.
 *
 * @example
 * const platform = await createTestServices();
 * afterAll(() => platform.close());
 * await loadMembership(platform.services.database.db, userId, platform.services.clock.now());
 */

import { fileURLToPath } from "node:url";
import { sessionCookieFor } from "@academy/auth";
import { createTestDatabase } from "@academy/db/testing";
import { CAMPAIGN_QUEUE, campaignQueueOptions, createJobs } from "@academy/jobs";
import { createOutboxMailer } from "@academy/mail";
import { inject } from "vitest";
import { createStripeBilling } from "./billing/stripe-billing.ts";
import { createCurrentWindow } from "./doors/current-window.ts";
import { loadEmails } from "./emails/catalog.ts";
import { createEnrollment } from "./enrollment/enrollment.ts";
import { createSilentLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import type { Clock, Services } from "./services.ts";
import { loadSite } from "./site/index.ts";
import { loadPlans } from "./training/plans.ts";
import { startWelcomeEmails } from "./waitlist/welcome-emails.ts";

export interface TestServices {
  services: Services;
  /** Moves the test clock to `when`. */
  setNow(when: Date): void;
  close(): Promise<void>;
}

export const TEST_SITE_URL = "http://localhost:4321";
export const TEST_ADMIN_EMAIL = "coach@example.com";
/** The repository's own content folder: the sample academy's site.yaml, emails and plans. */
export const SAMPLE_CONTENT_DIR = fileURLToPath(new URL("../../../content", import.meta.url));

export async function createTestServices(
  overrides: Partial<Omit<Services, "database" | "clock">> = {},
): Promise<TestServices> {
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
  // Silent unless a test passes a logger that writes where it can read it.
  const logger = overrides.logger ?? createSilentLogger();
  const metrics = overrides.metrics ?? createMetrics();
  const emails =
    overrides.emails ??
    loadEmails({ contentDir: SAMPLE_CONTENT_DIR, site: loadSite(SAMPLE_CONTENT_DIR), siteUrl: TEST_SITE_URL });
  const welcomeEmails = startWelcomeEmails({
    database,
    mailer,
    emails,
    siteUrl: TEST_SITE_URL,
    appSecret,
    logger,
    billing,
    deliverability: overrides.deliverability,
  });
  const base: Omit<Services, "enrollment"> = {
    database,
    clock,
    siteUrl: TEST_SITE_URL,
    mailer,
    emails,
    welcomeEmails,
    // Tests write windows straight to the database and move the clock: every call reads afresh.
    currentWindow: createCurrentWindow(database.db, { maxAgeMs: 0 }),
    sessionCookie: sessionCookieFor(TEST_SITE_URL),
    adminEmails: [TEST_ADMIN_EMAIL],
    trustProxy: 0,
    logger,
    metrics,
    appSecret,
    billing,
    jobs,
    plans: loadPlans(fileURLToPath(new URL("../../../content/plans", import.meta.url))),
    ...overrides,
  };
  // Stripe's pace as in production (STRIPE_CHECKOUT_PER_SECOND); a test of the line builds its own.
  const services: Services = {
    ...base,
    enrollment: overrides.enrollment ?? createEnrollment({ ...base, perSecond: 20 }),
  };
  return {
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
