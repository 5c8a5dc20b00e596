/**
 * The composition root: opens the database and builds the services once per process. The web server and
 * the standalone API server both start here and hand the services to the API app and the pages, so there
 * is one way to wire things.
 *
 * @example
 * const platform = await createPlatform(loadEnv(platformEnv, process.env));
 * serve(createApp(platform.services).fetch);
 * process.on("SIGTERM", () => platform.close());
 */
import { sessionCookieFor } from "@academy/auth";
import { EnvError } from "@academy/config/env";
import { openDatabase } from "@academy/db/client";
import { CAMPAIGN_QUEUE, campaignQueueOptions, createJobs } from "@academy/jobs";
import { createMailer } from "@academy/mail";
import { resolveAppSecret } from "./app-secret.ts";
import { createStripeBilling } from "./billing/stripe-billing.ts";
import { createCurrentWindow } from "./doors/current-window.ts";
import { createEnrollment } from "./enrollment/enrollment.ts";
import type { PlatformEnv } from "./env.ts";
import { startLaunchWorkers } from "./launch/launches.ts";
import { startMaintenance } from "./maintenance.ts";
import { seedSampleData } from "./seed.ts";
import { type Clock, type Services, systemClock } from "./services.ts";
import { loadPlans } from "./training/plans.ts";
import { startWelcomeEmails } from "./waitlist/welcome-emails.ts";

export interface Platform {
  services: Services;
  /** True outside production: development-only pages such as the mailbox exist. */
  development: boolean;
  close(): Promise<void>;
}

export async function createPlatform(env: PlatformEnv, clock: Clock = systemClock): Promise<Platform> {
  if (env.NODE_ENV === "production" && !env.APP_SECRET) {
    throw new EnvError(
      "Invalid environment variable APP_SECRET: required in production, a random secret of at least 32 characters (it is not set).",
    );
  }
  const plans = loadPlans(env.PLANS_DIR);
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
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const jobs = await createJobs({
    database,
    queues: { [CAMPAIGN_QUEUE]: campaignQueueOptions },
    onError: (error) => console.error("[jobs]", error.message),
  });
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, db: database.db });
  const appSecret = await resolveAppSecret(database.db, env.APP_SECRET);
  const welcomeEmails = startWelcomeEmails({ database, mailer, siteUrl: env.SITE_URL, appSecret });
  const currentWindow = createCurrentWindow(database.db);
  const services: Services = {
    database,
    clock,
    mailer,
    siteUrl: env.SITE_URL,
    sessionCookie: sessionCookieFor(env.SITE_URL),
    adminEmails: env.ADMIN_EMAILS,
    trustProxy: env.TRUST_PROXY,
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
    }),
  };
  const launchWorker = await startLaunchWorkers(services);
  const maintenance = await startMaintenance(services);
  return {
    services,
    development: env.NODE_ENV !== "production",
    async close() {
      await maintenance.stop();
      await launchWorker.stop();
      await welcomeEmails.stop();
      await jobs.stop();
      await mailer.close();
      await billing.close();
      await database.close();
    },
  };
}
