import type { SessionCookie } from "@academy/auth";
import type { DatabaseHandle } from "@academy/db/client";
import type { Jobs } from "@academy/jobs";
import type { Mailer } from "@academy/mail";
import type { Plan } from "@academy/programming";
import type { StripeBilling } from "./billing/stripe-billing.ts";
import type { DeliverabilitySettings } from "./deliverability/settings.ts";
import type { CurrentWindow } from "./doors/current-window.ts";
import type { Emails } from "./emails/catalog.ts";
import type { Enrollment } from "./enrollment/enrollment.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { WelcomeEmails } from "./waitlist/welcome-emails.ts";

/** The clock every time-dependent rule reads; tests pass a fixed or advancing one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Everything the API needs from the outside world. The app never reaches for these itself: they come
 * in through `createApp(services)`, so tests build the app on a throwaway database and a fake clock.
 */
export interface Services {
  database: DatabaseHandle;
  clock: Clock;
  mailer: Mailer;
  /** The coach's emails (content/emails) with her brand (site.yaml), checked at start. */
  emails: Emails;
  /** The public origin the site is served from, e.g. http://localhost:4321. */
  siteUrl: string;
  sessionCookie: SessionCookie;
  /** The coach's addresses (ADMIN_EMAILS), lower-case. */
  adminEmails: readonly string[];
  /** The enrollment window visitors see now, read at most once a second. */
  currentWindow: CurrentWindow;
  /** Sends the waitlist's welcome emails after the joins that recorded them. */
  welcomeEmails: WelcomeEmails;
  /** Durable background jobs (pg-boss on the platform database): launch emails. */
  jobs: Jobs;
  /** Stripe (real or stripe-local). */
  billing: StripeBilling;
  /** Who may enroll now, and her way to checkout through the line at the doors (it paces the Stripe calls). */
  enrollment: Enrollment;
  /** The coach's training plans by slug, from content/plans. */
  plans: ReadonlyMap<string, Plan>;
  /** Signs links in emails (APP_SECRET). */
  appSecret: string;
  /** How many reverse proxies stand in front (TRUST_PROXY): the X-Forwarded-For entries they added are trusted. */
  trustProxy: number;
  /** The process's structured logger (LOG_LEVEL); tests pass one that writes where they can read it. */
  logger: Logger;
  /** Prometheus counters and gauges (served at /metrics when METRICS_TOKEN is set). */
  metrics: Metrics;
  /** Bounce webhooks' secrets, the bulk send rate and the List-Unsubscribe mailbox; unset: no webhooks, no cap. */
  deliverability?: DeliverabilitySettings;
}
