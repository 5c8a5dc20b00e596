/**
 * Bounce and complaint webhooks, provider by provider: verify first (a request that fails is refused and
 * changes nothing), then apply the events once per provider delivery id, in one transaction: a hard bounce or
 * a complaint suppresses the address; every event is counted per address.
 *
 * @example
 * const result = await receiveResendWebhook(services, { headers, body }); // { applied: 1 } | { duplicate: true }
 */
import type { Database } from "@academy/db/client";
import { countBounce, recordWebhookReceipt } from "@academy/db/queries/deliverability";
import { normalizeEmail } from "../audience/email.ts";
import { suppressAddress } from "../audience/suppression.ts";
import type { Services } from "../services.ts";
import { type DeliveryEvent, type EmailProvider, WebhookPayloadError } from "./events.ts";
import { type PostmarkCredentials, readPostmarkEvents, verifyPostmarkAuthorization } from "./postmark.ts";
import { readResendEvents, verifySvixSignature } from "./resend.ts";
import { type FetchCertificate, readSesEvents, verifySnsMessage } from "./sns.ts";

/** Each provider's secret; a provider left out is not reachable (its route answers 404). */
export interface EmailWebhookConfig {
  postmark?: PostmarkCredentials | undefined;
  /** Resend's signing secret, `whsec_…`. */
  resendSecret?: string | undefined;
  ses?:
    | {
        /** The SNS topics SES publishes to; a message from any other topic is refused. */
        topicArns: readonly string[];
        fetchCertificate: FetchCertificate;
        /** Opens an SNS SubscribeURL, which confirms the subscription. */
        confirmSubscription: (subscribeUrl: string) => Promise<void>;
      }
    | undefined;
}

export type WebhookResult =
  | { status: "applied"; events: number }
  | { status: "duplicate" }
  | { status: "subscription-confirmed" }
  | { status: "not-configured" };

type WebhookServices = Pick<Services, "database" | "clock" | "logger"> & { emailWebhooks?: EmailWebhookConfig };

export async function receivePostmarkWebhook(
  services: WebhookServices,
  request: { authorization: string | undefined; body: string },
): Promise<WebhookResult> {
  const credentials = services.emailWebhooks?.postmark;
  if (!credentials) return { status: "not-configured" };
  verifyPostmarkAuthorization(request.authorization, credentials);
  const { eventId, events } = readPostmarkEvents(request.body, services.clock.now());
  return apply(services, "postmark", eventId, events);
}

export async function receiveResendWebhook(
  services: WebhookServices,
  request: { id: string | undefined; timestamp: string | undefined; signature: string | undefined; body: string },
): Promise<WebhookResult> {
  const secret = services.emailWebhooks?.resendSecret;
  if (!secret) return { status: "not-configured" };
  const now = services.clock.now();
  verifySvixSignature({ ...request, secret, now });
  return apply(services, "resend", request.id ?? "", readResendEvents(request.body, now));
}

export async function receiveSesWebhook(services: WebhookServices, request: { body: string }): Promise<WebhookResult> {
  const ses = services.emailWebhooks?.ses;
  if (!ses) return { status: "not-configured" };
  const message = await verifySnsMessage(request.body, {
    allowedTopicArns: ses.topicArns,
    fetchCertificate: ses.fetchCertificate,
  });
  if (message.Type === "SubscriptionConfirmation") {
    await ses.confirmSubscription(message.SubscribeURL ?? "");
    services.logger.info({ topicArn: message.TopicArn }, "confirmed the SES bounce topic's SNS subscription");
    return { status: "subscription-confirmed" };
  }
  if (message.Type === "UnsubscribeConfirmation") return { status: "applied", events: 0 };
  return apply(services, "ses", message.MessageId, readSesEvents(message.Message, services.clock.now()));
}

async function apply(
  services: WebhookServices,
  provider: EmailProvider,
  eventId: string | undefined,
  events: readonly DeliveryEvent[],
): Promise<WebhookResult> {
  if (!eventId) throw new WebhookPayloadError("The webhook carries no event id.");
  const db = services.database.db;
  const applied = await db.transaction(async (tx) => {
    const session = tx as unknown as Database;
    const fresh = await recordWebhookReceipt(session, { provider, eventId, at: services.clock.now() });
    if (!fresh) return false;
    for (const event of events) {
      const email = normalizeEmail(event.email);
      await countBounce(session, { email, kind: event.kind, at: event.at });
      if (event.kind === "soft_bounce") continue;
      await suppressAddress(session, { email, reason: event.kind, source: `webhook:${provider}`, at: event.at });
    }
    return true;
  });
  if (!applied) return { status: "duplicate" };
  for (const event of events) {
    services.logger.info({ provider, kind: event.kind }, `email ${event.kind.replace("_", " ")} reported`);
  }
  return { status: "applied", events: events.length };
}
