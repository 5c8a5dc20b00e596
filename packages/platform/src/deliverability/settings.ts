/**
 * Deliverability's settings from the environment: the bounce webhooks' secrets (a provider without one is not
 * reachable), the send rate shared by every instance, and the optional List-Unsubscribe mailbox.
 */
import { z } from "zod";
import type { EmailWebhookConfig } from "./receive.ts";
import { isSnsUrl } from "./sns.ts";

const TOPIC_ARN = /^arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const TOPICS_ERROR = "expected SNS topic ARNs separated by commas, e.g. arn:aws:sns:eu-west-1:123456789012:ses-bounces";

/** The variables deliverability reads; the platform's env composes them. */
export const deliverabilityEnv = {
  // Unset: as fast as the mail server accepts. Providers cap it per account (SES starts at 1 to 14 a second).
  EMAIL_SEND_RATE_PER_SECOND: z.coerce
    .number({ error: "expected bulk emails per second over every instance, 0.1 to 10000" })
    .min(0.1, { error: "expected bulk emails per second over every instance, 0.1 to 10000" })
    .max(10_000, { error: "expected bulk emails per second over every instance, 0.1 to 10000" })
    .optional(),
  LIST_UNSUBSCRIBE_MAILTO: z.email({ error: "expected a mailbox address, e.g. unsubscribe@example.com" }).optional(),
  POSTMARK_WEBHOOK_USER: z
    .string()
    .regex(/^[^:\s]{1,100}$/, { error: "expected a user name without ':'" })
    .default("postmark"),
  POSTMARK_WEBHOOK_PASSWORD: z
    .string()
    .min(16, { error: "expected a random password of at least 16 characters" })
    .optional(),
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, { error: "expected the webhook's signing secret (whsec_…)" })
    .optional(),
  SES_SNS_TOPIC_ARNS: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((arn) => arn.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(TOPIC_ARN, { error: TOPICS_ERROR })).min(1, { error: TOPICS_ERROR }))
    .optional(),
};

export interface DeliverabilitySettings {
  webhooks: EmailWebhookConfig;
  /** Bulk emails per second, summed over every instance; undefined: no cap. */
  sendRatePerSecond?: number | undefined;
  unsubscribeMailto?: string | undefined;
}

interface DeliverabilityEnv {
  EMAIL_SEND_RATE_PER_SECOND?: number | undefined;
  LIST_UNSUBSCRIBE_MAILTO?: string | undefined;
  POSTMARK_WEBHOOK_USER: string;
  POSTMARK_WEBHOOK_PASSWORD?: string | undefined;
  RESEND_WEBHOOK_SECRET?: string | undefined;
  SES_SNS_TOPIC_ARNS?: string[] | undefined;
}

export function deliverabilitySettingsFrom(env: DeliverabilityEnv): DeliverabilitySettings {
  return {
    sendRatePerSecond: env.EMAIL_SEND_RATE_PER_SECOND,
    unsubscribeMailto: env.LIST_UNSUBSCRIBE_MAILTO,
    webhooks: {
      postmark: env.POSTMARK_WEBHOOK_PASSWORD
        ? { user: env.POSTMARK_WEBHOOK_USER, password: env.POSTMARK_WEBHOOK_PASSWORD }
        : undefined,
      resendSecret: env.RESEND_WEBHOOK_SECRET,
      ses: env.SES_SNS_TOPIC_ARNS
        ? { topicArns: env.SES_SNS_TOPIC_ARNS, fetchCertificate: fetchSnsCertificate, confirmSubscription }
        : undefined,
    },
  };
}

// A few certificates at most (SNS rotates them rarely): a bounded per-process cache, harmless when stale.
const certificates = new Map<string, string>();

async function fetchSnsCertificate(url: string): Promise<string> {
  const cached = certificates.get(url);
  if (cached) return cached;
  if (!isSnsUrl(url)) throw new Error("not an SNS certificate URL");
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: "error" });
  if (!response.ok) throw new Error(`SNS answered ${response.status} for its certificate`);
  const pem = await response.text();
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("SNS sent something other than a certificate");
  if (certificates.size >= 16) certificates.clear();
  certificates.set(url, pem);
  return pem;
}

async function confirmSubscription(subscribeUrl: string): Promise<void> {
  if (!isSnsUrl(subscribeUrl)) throw new Error("not an SNS subscribe URL");
  const response = await fetch(subscribeUrl, { signal: AbortSignal.timeout(5_000), redirect: "error" });
  if (!response.ok) throw new Error(`SNS answered ${response.status} to the subscription confirmation`);
}
