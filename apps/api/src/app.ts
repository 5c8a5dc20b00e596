/**
 * The HTTP API as a factory: give it its services, get a Hono app that serves `/api/*`.
 *
 * @example
 * const app = createApp(services);
 * const response = await app.request("/api/health");
 */

import type { Services } from "@academy/platform/services";
import { hasUnreadableText, unreadableTextMessage } from "@academy/platform/text";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./http/context.ts";
import { csrfProtection } from "./http/csrf.ts";
import { ApiError, handleError, handleNotFound } from "./http/errors.ts";
import { requestLog } from "./http/request-log.ts";
import { sessionMiddleware } from "./http/session.ts";
import { accountRoutes } from "./routes/account.ts";
import { adminRoutes } from "./routes/admin.ts";
import { AUDIENCE_IMPORT_PATH } from "./routes/admin-audience.ts";
import { authRoutes } from "./routes/auth.ts";
import { billingRoutes } from "./routes/billing.ts";
import { EMAIL_WEBHOOK_PATHS, emailWebhookRoutes } from "./routes/email-webhooks.ts";
import { enrollRoutes } from "./routes/enroll.ts";
import { healthRoutes } from "./routes/health.ts";
import { calendarRoutes, trainingRoutes } from "./routes/training.ts";
import { waitlistRoutes } from "./routes/waitlist.ts";

const MAX_BODY_BYTES = 64 * 1024;

export function createApp(services: Services) {
  const app = new Hono<AppEnv>().basePath("/api");
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.use(requestId());
  app.use(requestLog(services));
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.use(refuseUnreadableQueries);
  app.use(csrfProtection({ exempt: ["/api/billing/webhook", "/api/waitlist/unsubscribe", ...EMAIL_WEBHOOK_PATHS] }));
  const defaultBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KB.`);
    },
  });
  // A list upload (up to MAX_IMPORT_BYTES) sets its own, larger limit on its route.
  app.use((c, next) => (c.req.path === AUDIENCE_IMPORT_PATH ? next() : defaultBodyLimit(c, next)));
  app.use(sessionMiddleware);
  return app
    .route("/health", healthRoutes)
    .route("/waitlist", waitlistRoutes)
    .route("/auth", authRoutes)
    .route("/account", accountRoutes)
    .route("/admin", adminRoutes)
    .route("/enroll", enrollRoutes)
    .route("/billing", billingRoutes)
    .route("/webhooks/email", emailWebhookRoutes)
    .route("/training", trainingRoutes)
    .route("/calendar", calendarRoutes);
}

/** A query with a NUL byte or a broken character is refused before any route reads it (see `hasUnreadableText`). */
const refuseUnreadableQueries: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.url.includes("?")) {
    for (const [key, values] of Object.entries(c.req.queries())) {
      if (hasUnreadableText(key) || values.some(hasUnreadableText)) {
        throw new ApiError(400, "invalid_query", unreadableTextMessage(key));
      }
    }
  }
  await next();
};

export type AppType = ReturnType<typeof createApp>;
