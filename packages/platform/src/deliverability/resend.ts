/**
 * Resend's webhooks, signed by Svix: `svix-signature` holds one or more `v1,<base64>` HMAC-SHA256 signatures
 * of `<svix-id>.<svix-timestamp>.<raw body>`, keyed with the base64 bytes after `whsec_` in the endpoint's
 * signing secret. A timestamp more than five minutes from now is refused, so a captured request cannot be
 * replayed later.
 *
 * @example
 * verifySvixSignature({ id, timestamp, signature, body, secret, now }); // throws when not genuine
 * const events = readResendEvents(body, now);
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import {
  type DeliveryEvent,
  isRecord,
  parseJson,
  readProviderTime,
  WebhookPayloadError,
  WebhookVerificationError,
} from "./events.ts";

export const SVIX_TOLERANCE_SECONDS = 5 * 60;

export interface SvixRequest {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  /** `whsec_…`, from the webhook's page in Resend. */
  secret: string;
  now: Date;
}

export function signSvix(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
}

export function verifySvixSignature(request: SvixRequest): void {
  const { id, timestamp, signature, body, secret, now } = request;
  if (!id || !timestamp || !signature) {
    throw new WebhookVerificationError("The svix-id, svix-timestamp and svix-signature headers are required.");
  }
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > SVIX_TOLERANCE_SECONDS) {
    throw new WebhookVerificationError(
      "The svix-timestamp is more than 5 minutes from now; check this server's clock, then resend the webhook.",
    );
  }
  const expected = Buffer.from(signSvix(secret, id, timestamp, body), "base64");
  const matches = signature.split(" ").some((entry) => {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) {
    throw new WebhookVerificationError(
      "The svix-signature does not match: check that RESEND_WEBHOOK_SECRET is this endpoint's signing secret (whsec_…).",
    );
  }
}

/** `email.bounced` and `email.complained` give events; other event types (delivered, opened…) give none. */
export function readResendEvents(body: string, now: Date): DeliveryEvent[] {
  const event = parseJson(body);
  if (!isRecord(event) || typeof event.type !== "string" || !isRecord(event.data)) {
    throw new WebhookPayloadError("Expected a Resend event with a type and data.");
  }
  if (event.type !== "email.bounced" && event.type !== "email.complained") return [];
  const { data } = event;
  const recipients = Array.isArray(data.to) ? data.to.filter((to): to is string => typeof to === "string") : [];
  if (recipients.length === 0) throw new WebhookPayloadError(`Expected data.to in the ${event.type} event.`);
  const at = readProviderTime(event.created_at ?? data.created_at, now);
  const bounceType = isRecord(data.bounce) ? data.bounce.type : undefined;
  // Resend sends email.bounced for permanent rejections; a Transient or Undetermined type is counted only.
  const kind =
    event.type === "email.complained"
      ? "complaint"
      : bounceType === "Transient" || bounceType === "Undetermined"
        ? "soft_bounce"
        : "hard_bounce";
  return recipients.map((to) => ({ kind, email: addressOf(to), at }));
}

/** `Ruth <ruth@example.com>` or `ruth@example.com` → `ruth@example.com`. */
function addressOf(recipient: string): string {
  return /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(recipient)?.[1] ?? recipient.trim();
}
