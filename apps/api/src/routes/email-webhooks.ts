import {
  receivePostmarkWebhook,
  receiveResendWebhook,
  receiveSesWebhook,
  WebhookPayloadError,
  type WebhookResult,
  WebhookVerificationError,
} from "@academy/platform/deliverability";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";

/** The paths providers POST to: exempt from the CSRF check, since their signature or password is the authority. */
export const EMAIL_WEBHOOK_PATHS = ["postmark", "ses", "resend"].map((provider) => `/api/webhooks/email/${provider}`);

/**
 * `POST /api/webhooks/email/{postmark,ses,resend}`: bounce and complaint reports from the mail provider.
 * Each verifies first (a bad signature or password: 400, and nothing changes); a provider whose secret is
 * not configured answers 404, as if the route did not exist. A failure after verifying answers 5xx, and the
 * provider retries; a retry of an applied delivery changes nothing twice.
 */
export const emailWebhookRoutes = new Hono<AppEnv>()
  .post("/postmark", async (c) => {
    // Read as text first: the bytes the provider sent, before anything parses them.
    const body = await c.req.text();
    return answerWebhook(c, "Postmark", () =>
      receivePostmarkWebhook(c.get("services"), { authorization: c.req.header("authorization"), body }),
    );
  })
  .post("/ses", async (c) => {
    // SNS posts JSON as text/plain.
    const body = await c.req.text();
    return answerWebhook(c, "SES", () => receiveSesWebhook(c.get("services"), { body }));
  })
  .post("/resend", async (c) => {
    const body = await c.req.text();
    return answerWebhook(c, "Resend", () =>
      receiveResendWebhook(c.get("services"), {
        id: c.req.header("svix-id"),
        timestamp: c.req.header("svix-timestamp"),
        signature: c.req.header("svix-signature"),
        body,
      }),
    );
  });

async function answerWebhook(c: Context<AppEnv>, provider: string, receive: () => Promise<WebhookResult>) {
  let result: WebhookResult;
  try {
    result = await receive();
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      throw new ApiError(400, "invalid_signature", `${error.message} Nothing was changed.`);
    }
    if (error instanceof WebhookPayloadError) {
      throw new ApiError(400, "invalid_webhook", `${provider} sent a body we cannot read: ${error.message}`);
    }
    throw error;
  }
  if (result.status === "not-configured") {
    throw new ApiError(
      404,
      "not_found",
      `No ${provider} webhook is configured on this server; set its secret (see .env.example) to turn it on.`,
    );
  }
  return c.json({ received: true, ...result });
}
