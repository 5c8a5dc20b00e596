/**
 * Deliverability: bounce and complaint webhooks (Postmark, Amazon SES through SNS, Resend) that feed the
 * suppression list, the rule of who may receive what, RFC 8058 one-click unsubscribe headers, and the send
 * rate shared by every instance.
 *
 * @example
 * const result = await receiveSesWebhook(services, { body }); // verifies the SNS signature first
 * const skip = await findUnsendable(db, "bulk", emails);      // Map of address → suppression reason
 * const message = withListUnsubscribe(rendered, { endpoint, mailto });
 */
export { type DeliveryEvent, WebhookPayloadError, WebhookVerificationError } from "./events.ts";
export { listUnsubscribeHeaders, withListUnsubscribe } from "./list-unsubscribe.ts";
export {
  type EmailWebhookConfig,
  receivePostmarkWebhook,
  receiveResendWebhook,
  receiveSesWebhook,
  type WebhookResult,
} from "./receive.ts";
export { findUnsendable, findUnsendableKeys, mayReceive, type SendCategory } from "./send-policy.ts";
export { type DeliverabilitySettings, deliverabilityEnv, deliverabilitySettingsFrom } from "./settings.ts";
