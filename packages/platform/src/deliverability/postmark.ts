/**
 * Postmark's bounce and spam complaint webhooks. Postmark signs nothing: its documentation protects a
 * webhook with basic HTTP authentication, by putting a user name and password in the webhook URL
 * (`https://user:password@example.com/api/webhooks/email/postmark`), which arrives as an Authorization header.
 *
 * @example
 * verifyPostmarkAuthorization(c.req.header("authorization"), { user, password }); // throws when wrong
 * const { eventId, events } = readPostmarkEvents(body, now); // events: [{ kind: "hard_bounce", email, at }]
 */
import { timingSafeEqual } from "node:crypto";
import {
  type DeliveryEvent,
  isRecord,
  parseJson,
  readProviderTime,
  WebhookPayloadError,
  WebhookVerificationError,
} from "./events.ts";

export interface PostmarkCredentials {
  user: string;
  password: string;
}

export function verifyPostmarkAuthorization(header: string | undefined, credentials: PostmarkCredentials): void {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? "");
  const expected = Buffer.from(`${credentials.user}:${credentials.password}`);
  const given = match?.[1] ? Buffer.from(match[1], "base64") : Buffer.alloc(0);
  // Compared in constant time, so the answer's timing tells nothing about how much of the password was right.
  const same = given.length === expected.length && timingSafeEqual(given, expected);
  if (!same) {
    throw new WebhookVerificationError(
      "The Postmark webhook's user name and password do not match POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD; put them in the webhook URL as https://user:password@…",
    );
  }
}

// Bounce types by Postmark's documentation: these say the address itself is bad; the rest (SoftBounce,
// Transient, DnsError, AutoResponder, …) may pass.
const HARD_BOUNCE_TYPES = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated"]);

export interface PostmarkDelivery {
  /** Postmark's ID of the bounce or complaint record, by record type: a retry carries the same one. */
  eventId: string | undefined;
  events: DeliveryEvent[];
}

/** The events in one Postmark webhook body: a Bounce or a SpamComplaint record; other records give none. */
export function readPostmarkEvents(body: string, now: Date): PostmarkDelivery {
  const record = parseJson(body);
  if (!isRecord(record) || typeof record.Email !== "string" || !record.Email.includes("@")) {
    throw new WebhookPayloadError("Expected a Postmark Bounce or SpamComplaint record with an Email.");
  }
  const id = typeof record.ID === "number" || typeof record.ID === "string" ? String(record.ID) : undefined;
  const eventId = id && `${String(record.RecordType ?? record.Type)}:${id}`;
  const at = readProviderTime(record.BouncedAt, now);
  const email = record.Email;
  if (record.RecordType === "SpamComplaint" || record.Type === "SpamComplaint") {
    return { eventId, events: [{ kind: "complaint", email, at }] };
  }
  if (record.RecordType !== "Bounce" && record.RecordType !== undefined) return { eventId, events: [] };
  const type = typeof record.Type === "string" ? record.Type : "";
  return { eventId, events: [{ kind: HARD_BOUNCE_TYPES.has(type) ? "hard_bounce" : "soft_bounce", email, at }] };
}
