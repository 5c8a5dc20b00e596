/**
 * The composition root: opens the database and builds the services once per process. The web server and
 * the standalone API server both start here and hand the services to the API app and the pages, so there
 * is one way to wire things.
 *
 * @example
 * const platform = await createPlatform(loadEnv(platformEnv, process.env));
 * serve(createApp(platform.services).fetch);
 * onShutdown(() => platform.close(), { logger: platform.services.logger });
 */
import { sessionCookieFor } from "@academy/auth";
import { EnvError } from "@academy/config/env";
import { openDatabase } from "@academy/db/client";
import { CAMPAIGN_QUEUE, campaignQueueOptions, createJobs } from "@academy/jobs";
import { createMailer } from "@academy/mail";
import { resolveAppSecret } from "./app-secret.ts";
import { createStripeBilling } from "./billing/stripe-billing.ts";
import { deliverabilitySettingsFrom } from "./deliverability/settings.ts";
import { createCurrentWindow } from "./doors/current-window.ts";
import { loadEmails } from "./emails/catalog.ts";
import { senderOf } from "./emails/sender.ts";
import { createEnrollment } from "./enrollment/enrollment.ts";
import type { PlatformEnv } from "./env.ts";
import { startLaunchWorkers } from "./launch/launches.ts";
import { createLoggerFromEnv, type Logger } from "./logger.ts";
import { startMaintenance } from "./maintenance.ts";
import { createMetrics } from "./metrics.ts";
import { seedSampleData } from "./seed.ts";
import { type Clock, type Services, systemClock } from "./services.ts";
import { loadSite } from "./site/index.ts";
import { loadPlans } from "./training/plans.ts";
import { startWelcomeEmails } from "./waitlist/welcome-emails.ts";

export interface Platform {
  services: Services;
  /** True outside production: development-only pages such as the mailbox exist. */
  development: boolean;
  /**
   * Stops the background work, then closes the database: the job under way finishes (or, past `timeoutMs`,
   * is handed back to pg-boss to run again, here after a restart or in another instance), the outbox sender
   * finishes its round, and each step is logged.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export interface CreatePlatformOptions {
  clock?: Clock;
  /** Made from LOG_LEVEL and NODE_ENV when not given. */
  logger?: Logger;
}

export async function createPlatform(env: PlatformEnv, options: CreatePlatformOptions = {}): Promise<Platform> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLoggerFromEnv(env);
  const metrics = createMetrics({ processMetrics: true });
  if (env.NODE_ENV === "production" && !env.APP_SECRET) {
    throw new EnvError(
      "Invalid environment variable APP_SECRET: required in production, a random secret of at least 32 characters (it is not set).",
    );
  }
  const plans = loadPlans(env.PLANS_DIR);
  // The emails render at run time from the content in the image: a bad file stops the start, naming its line.
  const site = loadSite(env.CONTENT_DIR);
  const emails = loadEmails({ contentDir: env.CONTENT_DIR, site, siteUrl: env.SITE_URL });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  if (env.NODE_ENV === "development") await seedSampleData(database.db, clock.now());
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
    await database.close();
    throw new EnvError(
      "Invalid environment variable STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY, the whsec_… secret of your webhook endpoint (it is not set).",
    );
  }
  const billing = await createStripeBilling({
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    apiBase: env.STRIPE_API_BASE,
    monthlyPrice: env.STRIPE_PRICE_MONTHLY,
    webhookUrl: `${env.SITE_URL}/api/billing/webhook`,
    clock,
    localState: { dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL },
    logger,
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const jobs = await createJobs({
    database,
    queues: { [CAMPAIGN_QUEUE]: campaignQueueOptions },
    onError: (error) => logger.error({ err: error }, "background job error"),
  });
  metrics.observeStripe(billing.stripe);
  const mailer = metrics.countEmails(
    createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM ?? senderOf(site), db: database.db }),
  );
  const appSecret = await resolveAppSecret(database.db, env.APP_SECRET);
  const deliverability = deliverabilitySettingsFrom(env);
  const welcomeEmails = startWelcomeEmails({
    database,
    mailer,
    emails,
    siteUrl: env.SITE_URL,
    appSecret,
    logger,
    billing,
    deliverability,
  });
  const currentWindow = createCurrentWindow(database.db);
  const services: Services = {
    database,
    clock,
    mailer,
    emails,
    siteUrl: env.SITE_URL,
    sessionCookie: sessionCookieFor(env.SITE_URL),
    adminEmails: env.ADMIN_EMAILS,
    trustProxy: env.TRUST_PROXY,
    logger,
    metrics,
    deliverability,
    appSecret,
    plans,
    billing,
    jobs,
    welcomeEmails,
    currentWindow,
    enrollment: createEnrollment({
      database,
      billing,
      clock,
      currentWindow,
      appSecret,
      siteUrl: env.SITE_URL,
      perSecond: env.STRIPE_CHECKOUT_PER_SECOND,
      callsPerSecond: env.STRIPE_CALLS_PER_SECOND,
      logger,
    }),
  };
  metrics.readFrom({ jobs, peopleInLine: () => services.enrollment.openingsUnderWay() });
  const launchWorker = await startLaunchWorkers(services);
  const maintenance = await startMaintenance(services);
  return {
    services,
    development: env.NODE_ENV !== "production",
    async close({ timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      const step = async (name: string, run: () => Promise<void>) => {
        const started = Date.now();
        await run();
        logger.info({ step: name, durationMs: Date.now() - started }, `shutdown: ${name}`);
      };
      // Workers first, so no new job starts; each waits for the job it is running.
      await step("maintenance worker stopped", () => maintenance.stop());
      await step("launch email worker stopped", () => launchWorker.stop());
      await step("outbox sender drained", () => welcomeEmails.stop());
      // pg-boss waits for running handlers until the deadline, then fails what is left so it runs again.
      await step("job queue stopped", () => jobs.stop({ timeoutMs: Math.max(1_000, deadline - Date.now()) }));
      await step("mailer closed", () => mailer.close());
      await step("billing closed", () => billing.close());
      await step("database closed", () => database.close());
    },
  };
}
