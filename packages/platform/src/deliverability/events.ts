/**
 * What a mail provider tells us about an address, in one shape whatever the provider: a hard bounce or a
 * complaint puts the address on the suppression list; a soft bounce (mailbox full, greylisted) is counted and
 * nothing more, because the next message may well arrive.
 */
export type DeliveryEventKind = "hard_bounce" | "soft_bounce" | "complaint";

export type EmailProvider = "postmark" | "ses" | "resend";

export interface DeliveryEvent {
  kind: DeliveryEventKind;
  email: string;
  /** When the provider says it happened (the time we received it when it says nothing usable). */
  at: Date;
}

/** A webhook whose signature or credentials do not check out: answered 400, and nothing changes. */
export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
}

/** A genuine webhook whose body is not what the provider documents: answered 400 so it shows in their log. */
export class WebhookPayloadError extends Error {
  override name = "WebhookPayloadError";
}

/** A provider's timestamp, or `fallback` when it is missing or unreadable. */
export function readProviderTime(value: unknown, fallback: Date): Date {
  if (typeof value !== "string") return fallback;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? fallback : at;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new WebhookPayloadError("The body is not JSON.");
  }
}
